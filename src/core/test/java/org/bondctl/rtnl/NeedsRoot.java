package org.bondctl.rtnl;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A host test that needs root: it creates network namespaces or drops capabilities
 * (CAP_SYS_ADMIN, CAP_NET_ADMIN, CAP_SETPCAP). Tagged {@code root}; without those capabilities
 * it is skipped with that reason (shown by Surefire), except as uid 0 or in CI, where a missing
 * capability fails it instead: there a skip would hide a broken setup (scripts/test.sh also
 * fails a run as root that skipped one).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("root")
@ExtendWith(RootCondition.class)
public @interface NeedsRoot {}
