package org.bondctl.nmcli;

import java.util.List;

/**
 * The sysadmin's recipe (RHEL 8.6) as nmcli lines, word for word as a shell splits them, and
 * the installer's profiles of the two NICs it starts from.
 */
public final class NmcliRecipe {
    private NmcliRecipe() {}

    public static final List<List<String>> LINES = List.of(
            List.of("connection", "add", "type", "bond", "con-name", "bond0", "ifname", "bond0", "bond.options", "mode=active-backup"),
            List.of("device"),
            List.of("connection", "modify", "ens192", "master", "bond0"),
            List.of("connection", "modify", "ens224", "master", "bond0"),
            List.of("connection", "modify", "bond0", "ipv4.addresses", "192.0.2.10/24"),
            List.of("connection", "modify", "bond0", "ipv4.gateway", "192.0.2.1"),
            List.of("connection", "modify", "bond0", "ipv4.dns", "192.0.2.53"),
            List.of("connection", "modify", "bond0", "ipv4.dns-search", "k.local.lab"),
            List.of("connection", "modify", "bond0", "ipv4.method", "manual"),
            List.of("connection", "show", "bond0"),
            List.of("connection", "up", "bond0"),
            List.of("connection", "modify", "bond0", "+bond.options", "miimon=1000"),
            List.of("connection", "modify", "bond0", "bond.options", "mode=active-backup,miimon=1000"),
            List.of("connection", "modify", "bond0", "+bond.options", "primary=ens192,primary_reselect=always"),
            List.of("connection", "modify", "bond0", "+bond.options", "updelay=10000"),
            List.of("connection", "up", "bond0"));

    /** What RHEL 8's installer (anaconda, through NM's ifcfg-rh plugin) leaves for a NIC on DHCP. */
    public static String ifcfg(String nic, String uuid) {
        return "TYPE=Ethernet\nPROXY_METHOD=none\nBROWSER_ONLY=no\nBOOTPROTO=dhcp\nDEFROUTE=yes\nIPV4_FAILURE_FATAL=no\n"
                + "IPV6INIT=yes\nIPV6_AUTOCONF=yes\nIPV6_DEFROUTE=yes\nIPV6_FAILURE_FATAL=no\nIPV6_ADDR_GEN_MODE=stable-privacy\n"
                + "NAME=" + nic + "\nUUID=" + uuid + "\nDEVICE=" + nic + "\nONBOOT=yes\n";
    }

    /** The same NIC as a keyfile, as NM writes it on distributions without ifcfg-rh. */
    public static String keyfile(String nic, String uuid) {
        return "[connection]\nid=" + nic + "\nuuid=" + uuid + "\ntype=ethernet\ninterface-name=" + nic + "\n\n[ethernet]\n\n"
                + "[ipv4]\nmethod=auto\n\n[ipv6]\naddr-gen-mode=default\nmethod=auto\n\n[proxy]\n";
    }

    public static final String UUID_192 = "7fbee7bd-50c2-4af0-b6e5-d1f1111c0277";
    public static final String UUID_224 = "3605118d-069d-4386-b21a-1926ad78e9c5";
}
