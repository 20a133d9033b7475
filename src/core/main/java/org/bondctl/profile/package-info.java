/**
 * NetworkManager profiles without NetworkManager: keyfile and ifcfg-rh read and written
 * ({@link org.bondctl.profile.KeyfileFormat}, {@link org.bondctl.profile.IfcfgFormat}), keys
 * bondctl does not apply reported, a set of profiles turned into a
 * {@link org.bondctl.plan.NetworkSpec} ({@link org.bondctl.profile.ProfileSet}), {@code --persist},
 * {@code apply} and {@code diff} ({@link org.bondctl.profile.Applier}). Profiles are mutable
 * values for one thread; the formats are stateless singletons.
 */
package org.bondctl.profile;
