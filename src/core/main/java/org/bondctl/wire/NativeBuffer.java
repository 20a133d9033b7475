package org.bondctl.wire;

import com.sun.jna.Memory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Direct buffers from malloc, not zeroed: ByteBuffer.allocateDirect writes zeros over the
 * whole capacity, touching every page of a receive buffer whose replies mostly fit in the
 * first one (and page faults are dear where the kernel is User-Mode Linux). Every user here
 * writes each byte before it reads it: a message builder writes all it sends, the kernel all
 * it delivers (NetnsFile copies out only the bytes a read returned). The buffer keeps its
 * allocation reachable; the garbage collector frees both, never under a thread still using it.
 */
public final class NativeBuffer {
    private NativeBuffer() {}

    public static ByteBuffer allocate(int capacity) {
        return new Memory(capacity).getByteBuffer(0, capacity).order(ByteOrder.nativeOrder());
    }
}
