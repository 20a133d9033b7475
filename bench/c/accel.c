/*
 * The C floor of accelerated failover: what `bondctl monitor --accelerate` does on a cable
 * pull, and nothing else. It follows every link through RTNLGRP_LINK and, when the active port
 * of a bond loses carrier (IFF_LOWER_UP cleared), makes the port the kernel would pick active
 * at once: the primary if usable, else the usable port with the lowest ifindex; usable is up,
 * carrier, MII status up (bond_option_active_slave_set(), drivers/net/bonding/bond_options.c).
 * One blocking recv per datagram, one request and its ACK per switch; no clock reads, no
 * output on the way (the count goes to stdout at exit), no check of the mode or downdelay (the
 * benchmark's bond is active-backup without downdelay).
 *
 * Usage: accel [--rt PRIO]   (SCHED_FIFO at PRIO and mlockall, as `--rt-priority`, `--lock-memory`)
 * Prints "accel: ready" once it holds the state; runs until SIGTERM/SIGINT, then prints
 * "accel: N switches, M refused".
 */
#define _GNU_SOURCE
#include "nlink.h"
#include <signal.h>

#define LINKS_CAP 65536

struct state {
    unsigned char known, is_bond, is_port, up, carrier, mii_up;
    int master, active, primary;
};

static struct state links[LINKS_CAP];
static volatile sig_atomic_t stop;
static long switches, refused;
static unsigned seq = 1;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static int usable(int i, int bond)
{
    const struct state *s = &links[i];
    return s->known && s->is_port && s->master == bond && s->up && s->carrier && s->mii_up;
}

static void fail_over(int req, int bond, int lost)
{
    int target = 0, p = links[bond].primary;
    if (p > 0 && p < LINKS_CAP && p != lost && usable(p, bond))
        target = p;
    for (int i = 1; target == 0 && i < LINKS_CAP; i++)
        if (i != lost && usable(i, bond))
            target = i;
    if (target == 0 || nl_set_active(req, bond, target, ++seq) != 0) {
        refused++;
        return;
    }
    switches++;
}

/* Updates the state from one message; a carrier loss of an active port fails over at once. */
static void link_message(int req, const struct nlmsghdr *m, int initial)
{
    struct nl_link l;
    if (m->nlmsg_type == RTM_DELLINK && m->nlmsg_len >= NLMSG_LENGTH(sizeof(struct ifinfomsg))) {
        int i = ((const struct ifinfomsg *)NLMSG_DATA(m))->ifi_index;
        if (i > 0 && i < LINKS_CAP)
            memset(&links[i], 0, sizeof(links[i]));
        return;
    }
    if (!nl_parse(m, &l) || l.index <= 0 || l.index >= LINKS_CAP)
        return;
    struct state *s = &links[l.index];
    int had_carrier = s->known && s->carrier;
    s->known = 1;
    s->is_bond = (unsigned char)l.is_bond;
    s->is_port = (unsigned char)(l.is_port && l.master > 0);
    s->master = l.master;
    s->up = (l.flags & IFF_UP) != 0;
    s->carrier = (l.flags & IFF_LOWER_UP) != 0;
    if (l.is_port && l.mii >= 0)
        s->mii_up = l.mii == NL_MII_UP;
    if (l.is_bond) {
        s->active = l.active;
        s->primary = l.primary;
    }
    if (!initial && had_carrier && !s->carrier && s->is_port && s->master < LINKS_CAP
            && links[s->master].is_bond && links[s->master].active == l.index)
        fail_over(req, s->master, l.index);
}

static void dump(int req)
{
    char buf[64] __attribute__((aligned(4)));
    nl_newlink(buf, sizeof(buf), 0, ++seq);
    struct nlmsghdr *h = (void *)buf;
    h->nlmsg_type = RTM_GETLINK;
    h->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
    if (sendto(req, h, h->nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
        nl_die("accel", "dump", errno);
    static char rx[256 * 1024] __attribute__((aligned(4)));
    for (;;) {
        ssize_t n = recv(req, rx, sizeof(rx), 0);
        if (n < 0)
            nl_die("accel", "dump", errno);
        for (struct nlmsghdr *m = (void *)rx; NLMSG_OK(m, (size_t)n); m = NLMSG_NEXT(m, n)) {
            if (m->nlmsg_type == NLMSG_DONE)
                return;
            if (m->nlmsg_type == NLMSG_ERROR)
                nl_die("accel", "dump", -((struct nlmsgerr *)NLMSG_DATA(m))->error);
            link_message(req, m, 1);
        }
    }
}

int main(int argc, char **argv)
{
    int prio = 0;
    if (argc == 3 && strcmp(argv[1], "--rt") == 0) {
        prio = atoi(argv[2]);
    } else if (argc != 1) {
        fprintf(stderr, "usage: accel [--rt PRIO]\n");
        return 2;
    }
    struct sigaction sa = { .sa_handler = on_signal }; /* no SA_RESTART: recv returns EINTR */
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    nl_realtime("accel", prio);
    int ev = nl_open("accel", 1), req = nl_open("accel", 0);
    dump(req); /* events queued meanwhile are applied after it: a newer state wins */
    printf("accel: ready\n");
    fflush(stdout);
    static char rx[256 * 1024] __attribute__((aligned(4)));
    while (!stop) {
        ssize_t n = recv(ev, rx, sizeof(rx), 0);
        if (n < 0) {
            if (errno == EINTR || errno == ENOBUFS)
                continue; /* ENOBUFS: lost messages; the benchmark sends too few for it */
            nl_die("accel", "recv", errno);
        }
        for (struct nlmsghdr *m = (void *)rx; NLMSG_OK(m, (size_t)n); m = NLMSG_NEXT(m, n))
            link_message(req, m, 0);
    }
    printf("accel: %ld switches, %ld refused\n", switches, refused);
    return 0;
}
