package org.bondctl.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.bondctl.shim.Shim;
import org.junit.jupiter.api.Test;

/** Errno's table against the C library it stands in for, and its wording without it. */
class ErrnoTest {
    /** strerror() of the running C library, through the shim (the only user of bc_strerror). */
    private static String strerror(int errno) {
        ByteBuffer buf = ByteBuffer.allocateDirect(128);
        int n = Shim.bc_strerror(errno, Shim.address(buf), buf.capacity());
        byte[] b = new byte[n];
        buf.get(0, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void everyTextIsTheCLibrarysOwn() {
        for (int e = 1; e <= Errno.MAX + 2; e++) {
            assertEquals(strerror(e), Errno.text(e), "errno " + e);
        }
    }

    @Test
    void describesWithoutTheNativeLibrary() throws Exception {
        // A class loader of its own that sees Errno but would fail on any use of the shim.
        ClassLoader isolated = new ClassLoader(null) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                if (!name.startsWith("org.bondctl.error.")) {
                    throw new ClassNotFoundException(name);
                }
                try (var in = ErrnoTest.class.getResourceAsStream("/" + name.replace('.', '/') + ".class")) {
                    byte[] b = in.readAllBytes();
                    return defineClass(name, b, 0, b.length);
                } catch (java.io.IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
        };
        Class<?> c = isolated.loadClass("org.bondctl.error.Errno");
        assertEquals("Operation not permitted (EPERM)", c.getMethod("describe", int.class).invoke(null, 1));
        assertEquals("No such process (ESRCH)", c.getMethod("describe", int.class).invoke(null, 3));
        assertEquals("Unknown error 200 (errno 200)", c.getMethod("describe", int.class).invoke(null, 200));
    }
}
