/**
 * Failures as bondctl reports them: {@link org.bondctl.error.BondctlException}, whose
 * {@link org.bondctl.error.BondctlException.Kind} is the CLI's exit code, with context added on
 * the way up ({@link org.bondctl.error.BondctlException#in}); {@link org.bondctl.error.Errno}
 * names and words errno values without the native library; {@link org.bondctl.error.Faults} is
 * the tests' fault injection. Exceptions are immutable; {@code Errno} is thread-safe.
 */
package org.bondctl.error;
