package org.bondctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/**
 * docs/show.schema.json has teeth: it takes a document shaped as show --json prints one and
 * refuses the shapes issue 11 found (an object instead of an array, "0"/"1" strings for
 * switches, port states as bare numbers). Real output is validated by ProcViewKernelTest and
 * JsonOutputKernelTest in the kernel test bed.
 */
class ShowSchemaTest {
    private static final String PORT = "{\"ifindex\":3,\"ifname\":\"ens192\",\"address\":\"02:00:00:00:00:01\",\"mtu\":1500,"
            + "\"operstate\":\"UP\",\"up\":true,\"carrier\":true,\"master\":\"bond0\",\"state\":\"ACTIVE\",\"mii_status\":\"UP\","
            + "\"link_failure_count\":0,\"perm_hwaddr\":\"02:00:00:00:00:01\",\"queue_id\":0,\"prio\":0,\"speed\":10000,"
            + "\"duplex\":\"full\"}";

    private static String bond(String extra) {
        return "[{\"ifindex\":5,\"ifname\":\"bond0\",\"address\":\"02:00:00:00:00:01\",\"mtu\":1500,\"operstate\":\"UP\","
                + "\"up\":true,\"carrier\":true,\"mii_status\":\"up\",\"mode\":\"active-backup\",\"miimon\":100,\"updelay\":0,"
                + "\"downdelay\":0" + extra + ",\"slaves\":[" + PORT + "]}]";
    }

    @Test
    void takesTheShapeShowPrints() throws Exception {
        assertEquals(java.util.List.of(), JsonCheck.showSchemaErrors(bond(",\"use_carrier\":1,\"arp_ip_target\":[\"192.0.2.1\"]")));
    }

    @Test
    void refusesWhatIssue11Found() throws Exception {
        assertFalse(JsonCheck.showSchemaErrors(bond("").substring(1, bond("").length() - 1)).isEmpty(), "an object, not an array");
        assertFalse(JsonCheck.showSchemaErrors(bond(",\"use_carrier\":\"1\"")).isEmpty(), "a switch as a string");
        assertFalse(JsonCheck.showSchemaErrors(bond(",\"arp_ip_target\":\"192.0.2.1,192.0.2.2\"")).isEmpty(), "targets as text");
        assertFalse(JsonCheck.showSchemaErrors(bond(",\"lacp_rate\":\"fast\"")).isEmpty(), "a key ip does not use");
        assertFalse(JsonCheck.showSchemaErrors(bond("").replace("\"state\":\"ACTIVE\"", "\"state\":\"0\"")).isEmpty(),
                "a port state as a number");
        assertFalse(JsonCheck.showSchemaErrors(bond("").replace("\"speed\":10000,", "")).isEmpty(), "speed left out");
    }
}
