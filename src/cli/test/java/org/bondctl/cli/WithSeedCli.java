package org.bondctl.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.bondctl.rtnl.WithSeedNetwork;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link WithSeedNetwork}, and the test's {@code Cli} and {@code Bonds} fields set to the CLI and
 * the library in that network's namespace before each test ({@link SeedCliExtension}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WithSeedNetwork
@ExtendWith(SeedCliExtension.class)
public @interface WithSeedCli {}
