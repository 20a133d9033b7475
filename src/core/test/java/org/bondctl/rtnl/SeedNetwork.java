package org.bondctl.rtnl;

/**
 * The seed's hardware in a fresh namespace: NICs ens192 and ens224 as veth pairs whose peers
 * p192 and p224 (the switch ports) are up. Everything goes with the namespace on close.
 */
public final class SeedNetwork implements AutoCloseable {
    public final NetnsFixture ns = new NetnsFixture();
    public final Rtnetlink rtnl;

    public SeedNetwork() {
        rtnl = ns.rtnl();
        for (String n : new String[] {"192", "224"}) {
            rtnl.createVeth("ens" + n, "p" + n);
            rtnl.setUp(rtnl.require("p" + n), true);
        }
    }

    public String name() {
        return ns.name;
    }

    /** Pulls (false) or restores (true) the cable of ens192/ens224 by its switch-side peer. */
    public void cable(String nic, boolean plugged) {
        rtnl.setUp(rtnl.require("p" + nic.substring(3)), plugged);
    }

    @Override
    public void close() {
        rtnl.close();
        ns.close();
    }
}
