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
 * Usage: accel [--rt PRIO] [--as-shim]
 *   --rt PRIO   SCHED_FIFO at PRIO and mlockall, as `--rt-priority`, `--lock-memory`
 *   --as-shim   receive as bondctl's shim does (native/bondctl_shim.c, bc_nl_recv2): one
 *               recvmmsg() of up to two datagrams (the second only if it waits already), a
 *               CLOCK_MONOTONIC read after each, a 250 ms receive timeout, and the switch's
 *               ACK read by a non-blocking recvmmsg() first. Not a floor: it splits what
 *               bondctl's system calls cost from what its JVM costs.
 * Prints "accel: ready" once it holds the state; runs until SIGTERM/SIGINT, then prints
 * "accel: N switches, M refused".
 */
#define _GNU_SOURCE
#include "nlink.h"
#include <poll.h>
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
static int as_shim;
static volatile int64_t last_rx_ns; /* the receive time, as the shim keeps it */

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

/* recvmmsg() into up to vlen buffers as the shim's recv_some(): timeout_ms < 0 blocks for the
 * first (MSG_WAITFORONE), 0 tries once; returns the count or -errno. */
static int shim_recv(int fd, char *bufs[], size_t cap, unsigned vlen, int timeout_ms, struct mmsghdr *mm)
{
    static struct sockaddr_nl from[2];
    static struct iovec iov[2];
    memset(mm, 0, 2 * sizeof(*mm));
    for (unsigned i = 0; i < vlen; i++) {
        iov[i] = (struct iovec){ .iov_base = bufs[i], .iov_len = cap };
        mm[i].msg_hdr = (struct msghdr){ .msg_name = &from[i], .msg_namelen = sizeof(from[i]), .msg_iov = &iov[i], .msg_iovlen = 1 };
    }
    int n = recvmmsg(fd, mm, vlen, (timeout_ms < 0 ? MSG_WAITFORONE : MSG_DONTWAIT) | MSG_TRUNC, NULL);
    if (n < 0 && errno == EAGAIN && timeout_ms < 0)
        return -EAGAIN;
    if (n < 0 && errno == EAGAIN) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        if (poll(&p, 1, 1000) <= 0)
            return -EAGAIN;
        n = recvmmsg(fd, mm, vlen, MSG_DONTWAIT | MSG_TRUNC, NULL);
    }
    return n < 0 ? -errno : n;
}

/* nl_set_active, its ACK read as the shim reads answers: a non-blocking try, then poll. */
static int shim_set_active(int fd, int bond, int port, unsigned sq)
{
    char buf[256] __attribute__((aligned(4)));
    nl_build_set_active(buf, sizeof(buf), bond, port, sq);
    struct nlmsghdr *h = (void *)buf;
    struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
    if (sendto(fd, h, h->nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
        return -errno;
    static char ack[64 * 1024] __attribute__((aligned(4)));
    char *bufs[1] = { ack };
    struct mmsghdr mm[2];
    int err;
    for (;;) {
        int n = shim_recv(fd, bufs, sizeof(ack), 1, 1000, mm);
        if (n < 0)
            return n;
        if (nl_ack_of(ack, mm[0].msg_len, h->nlmsg_seq, &err))
            return err;
    }
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
    if (target == 0 || (as_shim ? shim_set_active(req, bond, target, ++seq) : nl_set_active(req, bond, target, ++seq)) != 0) {
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
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--rt") == 0 && i + 1 < argc) {
            prio = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--as-shim") == 0) {
            as_shim = 1;
        } else {
            fprintf(stderr, "usage: accel [--rt PRIO] [--as-shim]\n");
            return 2;
        }
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
    static char rx2[256 * 1024] __attribute__((aligned(4)));
    if (as_shim) { /* the event socket's receive timeout: the event thread looks up every 250 ms */
        struct timeval tv = { .tv_sec = 0, .tv_usec = 250000 };
        setsockopt(ev, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    }
    while (!stop && as_shim) {
        char *bufs[2] = { rx, rx2 };
        struct mmsghdr mm[2];
        int got = shim_recv(ev, bufs, sizeof(rx), 2, -1, mm);
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        last_rx_ns = (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
        if (got < 0) {
            if (got == -EINTR || got == -ENOBUFS || got == -EAGAIN)
                continue;
            nl_die("accel", "recvmmsg", -got);
        }
        for (int d = 0; d < got; d++) {
            size_t n = mm[d].msg_len;
            for (struct nlmsghdr *m = (void *)bufs[d]; NLMSG_OK(m, n); m = NLMSG_NEXT(m, n))
                link_message(req, m, 0);
        }
    }
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
