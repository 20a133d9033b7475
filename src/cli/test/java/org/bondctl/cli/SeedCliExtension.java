package org.bondctl.cli;

import java.lang.reflect.Field;
import org.bondctl.plan.Bonds;
import org.bondctl.rtnl.SeedNetwork;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After SeedNetworkExtension has set the test's SeedNetwork: its fields of type {@link Cli} get
 * the CLI with {@code --netns} of that network, those of type {@link Bonds} the library on its
 * socket (closed with the network).
 */
public final class SeedCliExtension implements BeforeEachCallback {
    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        Object test = context.getRequiredTestInstance();
        SeedNetwork net = (SeedNetwork) fields(test, SeedNetwork.class, null);
        if (net == null) {
            throw new IllegalStateException(test.getClass().getSimpleName() + " has no SeedNetwork field for @WithSeedCli");
        }
        fields(test, Cli.class, new Cli(net.name()));
        fields(test, Bonds.class, new Bonds(net.rtnl));
    }

    /** Sets every field of {@code type} to {@code value} (when not null) and returns the last one's value. */
    private static Object fields(Object test, Class<?> type, Object value) throws IllegalAccessException {
        Object last = null;
        for (Class<?> c = test.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getType() == type) {
                    f.setAccessible(true);
                    if (value != null) {
                        f.set(test, value);
                    }
                    last = f.get(test);
                }
            }
        }
        return last;
    }
}
