package org.bondctl.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reading /proc/net files of this process's namespace (no privileges needed), one after another. */
class NetnsFileTest {
    @Test
    void eachReadGivesThatFileAloneEvenAfterALongerOne() throws Exception {
        // /proc/net/dev lists every interface (lo at least); /proc/net/psched is one short line:
        // read after it, no byte of the longer file may come along.
        String dev = NetnsFile.readProcNet(null, "dev").orElseThrow();
        assertTrue(dev.contains("lo:"), dev);
        String psched = NetnsFile.readProcNet(null, "psched").orElseThrow();
        assertEquals(Files.readString(Path.of("/proc/net/psched")), psched);
        assertTrue(psched.length() < dev.length(), "the test needs the second file shorter");
        assertEquals(dev.lines().count(), NetnsFile.readProcNet(null, "dev").orElseThrow().lines().count());
    }

    @Test
    void aFileThatIsNotThereIsEmpty() {
        assertTrue(NetnsFile.readProcNet(null, "bonding/no-such-bond").isEmpty());
    }
}
