/**
 * Links, addresses and routes over rtnetlink, typed:
 * {@link org.bondctl.rtnl.Rtnetlink} (the operations ip(8) offers, each naming its ip
 * equivalent), the values it returns ({@link org.bondctl.rtnl.Link},
 * {@link org.bondctl.rtnl.Address}, {@link org.bondctl.rtnl.Route},
 * {@link org.bondctl.rtnl.MacAddress}, {@link org.bondctl.rtnl.VlanInfo}), network namespaces
 * and the {@link org.bondctl.rtnl.Rtnl} constants (include/uapi/linux/rtnetlink.h, if_link.h).
 * <p>
 * Thread safety: {@code Rtnetlink} owns a socket and is for one thread; the values are immutable.
 */
package org.bondctl.rtnl;
