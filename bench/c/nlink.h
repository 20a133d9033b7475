/*
 * What the failover floor (accel.c) and the probe (probe.c) share: a rtnetlink socket, one
 * request with its ACK, and the few facts of a link message they act on. Header-only, so
 * that each program stays one gcc call (bench/failover/run builds them).
 */
#ifndef BENCH_NLINK_H
#define BENCH_NLINK_H

#include <errno.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* BOND_LINK_UP (include/net/bonding.h): IFLA_BOND_SLAVE_MII_STATUS of a port whose link is up. */
#define NL_MII_UP 0

/* The facts of one RTM_NEWLINK (AF_UNSPEC) the benchmark needs; -1 where the message has none. */
struct nl_link {
    int index;
    unsigned flags;        /* ifi_flags: IFF_UP, IFF_LOWER_UP (carrier) */
    int master;            /* IFLA_MASTER, 0 when none */
    int is_bond;           /* IFLA_INFO_KIND "bond" */
    int is_port;           /* IFLA_INFO_SLAVE_KIND "bond" */
    int active;            /* bond: IFLA_BOND_ACTIVE_SLAVE, 0 when none */
    int primary;           /* bond: IFLA_BOND_PRIMARY, 0 when none */
    int mii;               /* port: IFLA_BOND_SLAVE_MII_STATUS */
};

static inline void nl_die(const char *prog, const char *what, int err)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(err));
    exit(1);
}

static inline int64_t nl_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* A bound NETLINK_ROUTE socket, joined to RTNLGRP_LINK when link is set. */
static inline int nl_open(const char *prog, int link)
{
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0)
        nl_die(prog, "socket", errno);
    int rcvbuf = 4 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf));
    struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = link ? RTMGRP_LINK : 0 };
    if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
        nl_die(prog, "bind", errno);
    return fd;
}

/* SCHED_FIFO at prio (0: leave the policy alone) and all memory locked, or exit. */
static inline void nl_realtime(const char *prog, int prio)
{
    if (prio <= 0)
        return;
    struct sched_param sp = { .sched_priority = prio };
    if (sched_setscheduler(0, SCHED_FIFO, &sp) < 0)
        nl_die(prog, "sched_setscheduler", errno);
    if (mlockall(MCL_CURRENT | MCL_FUTURE) < 0)
        nl_die(prog, "mlockall", errno);
}

/* Looks for the ACK of request seq among the n bytes of messages in buf: 1 with its error
 * (0: done) in *err when it is there, else 0. */
static inline int nl_ack_of(const void *buf, size_t n, unsigned seq, int *err)
{
    for (const struct nlmsghdr *m = buf; NLMSG_OK(m, n); m = NLMSG_NEXT(m, n))
        if (m->nlmsg_seq == seq && m->nlmsg_type == NLMSG_ERROR) {
            *err = ((const struct nlmsgerr *)NLMSG_DATA(m))->error;
            return 1;
        }
    return 0;
}

/* Sends the request in req (a finished nlmsghdr) and reads its ACK: 0 or -errno. */
static inline int nl_request(int fd, void *req)
{
    struct nlmsghdr *h = req;
    struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
    if (sendto(fd, h, h->nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
        return -errno;
    char ack[1024] __attribute__((aligned(4)));
    int err;
    for (;;) {
        ssize_t n = recv(fd, ack, sizeof(ack), 0);
        if (n < 0)
            return -errno;
        if (nl_ack_of(ack, (size_t)n, h->nlmsg_seq, &err))
            return err;
    }
}

/* Appends an attribute to the request in buf (len: its current length); returns it. */
static inline struct rtattr *nl_attr(char *buf, int type, const void *data, size_t n)
{
    struct nlmsghdr *h = (void *)buf;
    struct rtattr *a = (void *)(buf + NLMSG_ALIGN(h->nlmsg_len));
    a->rta_type = type;
    a->rta_len = RTA_LENGTH(n);
    if (n)
        memcpy(RTA_DATA(a), data, n);
    h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + RTA_ALIGN(a->rta_len);
    return a;
}

static inline void nl_nest_end(char *buf, struct rtattr *nest)
{
    nest->rta_len = (unsigned short)(buf + ((struct nlmsghdr *)buf)->nlmsg_len - (char *)nest);
}

/* Starts an RTM_NEWLINK request for ifindex in buf (zeroed). */
static inline struct ifinfomsg *nl_newlink(char *buf, size_t cap, int index, unsigned seq)
{
    memset(buf, 0, cap);
    struct nlmsghdr *h = (void *)buf;
    h->nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
    h->nlmsg_type = RTM_NEWLINK;
    h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    h->nlmsg_seq = seq;
    struct ifinfomsg *ifi = NLMSG_DATA(h);
    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_index = index;
    return ifi;
}

/* ip link set BOND type bond active_slave PORT, by ifindex (bond_option_active_slave_set). */
static inline void nl_build_set_active(char *buf, size_t cap, int bond, int port, unsigned seq)
{
    nl_newlink(buf, cap, bond, seq);
    struct rtattr *info = nl_attr(buf, IFLA_LINKINFO, NULL, 0);
    nl_attr(buf, IFLA_INFO_KIND, "bond", 5);
    struct rtattr *data = nl_attr(buf, IFLA_INFO_DATA, NULL, 0);
    uint32_t p = (uint32_t)port;
    nl_attr(buf, IFLA_BOND_ACTIVE_SLAVE, &p, sizeof(p));
    nl_nest_end(buf, data);
    nl_nest_end(buf, info);
}

static inline int nl_set_active(int fd, int bond, int port, unsigned seq)
{
    char buf[256] __attribute__((aligned(4)));
    nl_build_set_active(buf, sizeof(buf), bond, port, seq);
    return nl_request(fd, buf);
}

/* ip link set IFINDEX up|down. */
static inline int nl_set_up(int fd, int index, int up, unsigned seq)
{
    char buf[64] __attribute__((aligned(4)));
    struct ifinfomsg *ifi = nl_newlink(buf, sizeof(buf), index, seq);
    ifi->ifi_change = IFF_UP;
    ifi->ifi_flags = up ? IFF_UP : 0;
    return nl_request(fd, buf);
}

static inline uint32_t nl_u32(const struct rtattr *a)
{
    uint32_t v;
    memcpy(&v, RTA_DATA(a), sizeof(v));
    return v;
}

/* Reads the facts of a link message; 0 when it is not an RTM_NEWLINK of the link itself. */
static inline int nl_parse(const struct nlmsghdr *m, struct nl_link *l)
{
    if (m->nlmsg_type != RTM_NEWLINK || m->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg)))
        return 0;
    const struct ifinfomsg *ifi = NLMSG_DATA(m);
    if (ifi->ifi_family != AF_UNSPEC)
        return 0;
    *l = (struct nl_link){ .index = ifi->ifi_index, .flags = ifi->ifi_flags, .mii = -1 };
    int len = (int)IFLA_PAYLOAD(m);
    for (const struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
        if (a->rta_type == IFLA_MASTER) {
            l->master = (int)nl_u32(a);
        } else if (a->rta_type == IFLA_LINKINFO) {
            int il = (int)RTA_PAYLOAD(a);
            for (const struct rtattr *i = RTA_DATA(a); RTA_OK(i, il); i = RTA_NEXT(i, il)) {
                int dl = (int)RTA_PAYLOAD(i);
                if (i->rta_type == IFLA_INFO_KIND && strncmp(RTA_DATA(i), "bond", (size_t)dl) == 0) {
                    l->is_bond = 1;
                } else if (i->rta_type == IFLA_INFO_SLAVE_KIND && strncmp(RTA_DATA(i), "bond", (size_t)dl) == 0) {
                    l->is_port = 1;
                } else if (i->rta_type == IFLA_INFO_DATA) {
                    for (const struct rtattr *d = RTA_DATA(i); RTA_OK(d, dl); d = RTA_NEXT(d, dl)) {
                        if (d->rta_type == IFLA_BOND_ACTIVE_SLAVE)
                            l->active = (int)nl_u32(d);
                        else if (d->rta_type == IFLA_BOND_PRIMARY)
                            l->primary = (int)nl_u32(d);
                    }
                } else if (i->rta_type == IFLA_INFO_SLAVE_DATA) {
                    for (const struct rtattr *d = RTA_DATA(i); RTA_OK(d, dl); d = RTA_NEXT(d, dl))
                        if (d->rta_type == IFLA_BOND_SLAVE_MII_STATUS)
                            l->mii = *(const uint8_t *)RTA_DATA(d);
                }
            }
        }
    }
    return 1;
}

#endif
