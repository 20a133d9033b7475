package org.bondctl.nmcli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nmcli -o connection show NAME} on profiles only: the properties at their default left
 * out (a profile's id, uuid, type, IP methods and bond options always printed; a VLAN's
 * REORDER_HEADERS flag printed, NM's property default being no flag), every property again once
 * -f names any; pretty output keeps an empty setting's rule, tabular its table (a "name" column
 * alone). Each expected text as NetworkManager 1.42's nmcli printed it in the test bed (stop
 * 43, /tmp/rt/rb20 and rb21), the UUID aside.
 */
class NmcliOverviewTest {
    @TempDir
    Path root;

    private static String show(NmcliRoot n, String... words) {
        return n.ok(words).out().replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID");
    }

    private static String lines(String... fields) {
        StringBuilder sb = new StringBuilder();
        for (String f : fields) {
            int colon = f.indexOf(':');
            sb.append(f, 0, colon + 1).append(" ".repeat(Math.max(0, 39 - colon))).append(f.substring(colon + 1)).append('\n');
        }
        return sb.toString();
    }

    @Test
    void defaultsAreLeftOutUnlessFieldsAreNamed() {
        NmcliRoot n = new NmcliRoot(root);
        n.ok("con", "add", "type", "bond", "ifname", "bond1", "autoconnect", "yes");
        n.ok("con", "add", "type", "bond", "con-name", "bond0", "ifname", "bond0", "bond.options",
                "mode=active-backup,miimon=100,primary=ens192", "ipv4.method", "manual", "ipv4.addresses", "192.0.2.10/24",
                "ipv4.gateway", "192.0.2.1", "ipv4.dns", "192.0.2.53", "ipv4.dns-search", "example.com", "ipv6.method",
                "manual", "ipv6.addresses", "2001:db8::10/64", "connection.autoconnect", "yes", "802-3-ethernet.mtu", "1500");
        n.ok("con", "add", "type", "ethernet", "con-name", "bond0-p1", "ifname", "ens192", "master", "bond0");
        n.ok("con", "add", "type", "ethernet", "con-name", "bond0-p2", "ifname", "ens224", "master", "bond0",
                "bond-port.queue-id", "0");
        n.ok("con", "add", "type", "vlan", "con-name", "vlan10", "dev", "bond0", "id", "10", "ipv4.method", "disabled",
                "ipv6.method", "ignore", "mtu", "9000");
        n.ok("con", "add", "type", "ethernet", "con-name", "plain", "ifname", "ens256", "ipv4.route-metric", "100",
                "autoconnect", "no");
        n.ok("con", "mod", "plain", "ipv4.route-metric", "-1");

        assertEquals(lines("connection.id:bond-bond1", "connection.uuid:UUID", "connection.type:bond",
                "connection.interface-name:bond1", "ipv4.method:auto", "ipv6.method:auto", "bond.options:mode=balance-rr"),
                show(n, "-o", "con", "show", "bond-bond1"));
        assertEquals(lines("connection.id:bond0", "connection.uuid:UUID", "connection.type:bond",
                "connection.interface-name:bond0", "802-3-ethernet.mtu:1500", "ipv4.method:manual", "ipv4.dns:192.0.2.53",
                "ipv4.dns-search:example.com", "ipv4.addresses:192.0.2.10/24", "ipv4.gateway:192.0.2.1", "ipv6.method:manual",
                "ipv6.addresses:2001:db8::10/64", "bond.options:mode=active-backup,miimon=100,primary=ens192"),
                show(n, "--overview", "con", "show", "bond0"));
        String port = lines("connection.id:bond0-p2", "connection.uuid:UUID", "connection.type:802-3-ethernet",
                "connection.interface-name:ens224", "connection.master:bond0", "connection.slave-type:bond");
        assertEquals(port, show(n, "-o", "con", "show", "bond0-p2"));
        assertEquals(lines("connection.id:vlan10", "connection.uuid:UUID", "connection.type:vlan", "802-3-ethernet.mtu:9000",
                "ipv4.method:disabled", "ipv6.method:ignore", "vlan.parent:bond0", "vlan.id:10",
                "vlan.flags:1 (REORDER_HEADERS)"), show(n, "-o", "con", "show", "vlan10"));
        String plain = lines("connection.id:plain", "connection.uuid:UUID", "connection.type:802-3-ethernet",
                "connection.interface-name:ens256", "connection.autoconnect:no", "ipv4.method:auto", "ipv6.method:auto");
        assertEquals(plain, show(n, "-o", "con", "show", "plain"));
        assertEquals("connection.id:bond0-p2\nconnection.uuid:UUID\nconnection.type:802-3-ethernet\n"
                + "connection.interface-name:ens224\nconnection.master:bond0\nconnection.slave-type:bond\n",
                show(n, "-o", "-t", "con", "show", "bond0-p2"));

        // -f, even "common" or a setting: every property it names, defaults included
        assertEquals(n.ok("-f", "connection", "con", "show", "plain").out(), n.ok("-o", "-f", "connection", "con", "show",
                "plain").out());
        assertEquals(n.ok("con", "show", "bond0-p1").out(), n.ok("-o", "-f", "common", "con", "show", "bond0-p1").out());
        assertEquals(lines("ipv4.dns:--", "ipv4.method:auto"), show(n, "-o", "-f", "ipv4.dns,ipv4.method", "con", "show",
                "plain"));

        String rule = "-".repeat(79) + "\n";
        assertEquals("=".repeat(79) + "\n" + " ".repeat(22) + "Connection profile details (plain)\n" + "=".repeat(79) + "\n"
                + plain.substring(0, plain.indexOf("ipv4.")) + rule + rule + lines("ipv4.method:auto") + rule
                + lines("ipv6.method:auto") + rule + rule, show(n, "-o", "-p", "con", "show", "plain"));
        // tabular: a table per setting, blanks squeezed (the UUID's column)
        assertEquals("""
                name id uuid type interface-name autoconnect\s
                connection plain UUID 802-3-ethernet ens256 no\s

                name\s
                802-3-ethernet\s

                name method\s
                ipv4 auto\s

                name method\s
                ipv6 auto\s

                name\s
                proxy\s

                """, show(n, "-o", "-m", "tabular", "con", "show", "plain").replaceAll(" +", " "));
    }
}
