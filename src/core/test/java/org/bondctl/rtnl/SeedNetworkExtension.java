package org.bondctl.rtnl;

import java.lang.reflect.Field;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The seed network fixture of every test that wants one ({@link WithSeedNetwork}): a fresh
 * {@link SeedNetwork} before each test, before the class's own {@code @BeforeEach} methods, in
 * the test's fields of type SeedNetwork (and its parameters of that type); closed, with its
 * namespace, after the test and its {@code @AfterEach} methods.
 */
public final class SeedNetworkExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SeedNetworkExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        SeedNetwork net = new SeedNetwork();
        context.getStore(NS).put(SeedNetwork.class, net);
        Object test = context.getRequiredTestInstance();
        for (Class<?> c = test.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getType() == SeedNetwork.class) {
                    f.setAccessible(true);
                    f.set(test, net);
                }
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        SeedNetwork net = context.getStore(NS).remove(SeedNetwork.class, SeedNetwork.class);
        if (net != null) {
            net.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext context) {
        return p.getParameter().getType() == SeedNetwork.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext context) {
        return context.getStore(NS).get(SeedNetwork.class, SeedNetwork.class);
    }
}
