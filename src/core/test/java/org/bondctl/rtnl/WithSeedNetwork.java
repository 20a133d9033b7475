package org.bondctl.rtnl;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test class works on the seed's NICs in a namespace of its own: a {@link SeedNetwork}
 * field is set before each test and closed after it ({@link SeedNetworkExtension}). Needs root
 * ({@link NeedsRoot}); kernel tests run as root in the test bed.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@NeedsRoot
@ExtendWith(SeedNetworkExtension.class)
public @interface WithSeedNetwork {}
