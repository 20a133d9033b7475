/*
 * The independent probe of the failover benchmark: pulls the active port's cable and times,
 * from outside whatever accelerates (bondctl monitor, the C floor accel.c, or the kernel
 * alone), what the kernel reports: for each pull, on CLOCK_MONOTONIC,
 *
 *   pull     just before the request that takes the switch side of the cable down (the veth
 *            peer of the active port: the port loses carrier, veth_close() in drivers/net/veth.c)
 *   carrier  the probe receives the port's RTM_NEWLINK without IFF_LOWER_UP (linkwatch's
 *            notification of the carrier loss, the event every accelerator wakes on)
 *   ack      the probe receives the bond's RTM_NEWLINK whose IFLA_BOND_ACTIVE_SLAVE is the
 *            other port: the kernel's acknowledgement that the switch is done
 *
 * It runs SCHED_FIFO (--rt, default 99) with its memory locked, above the accelerator and any
 * load, so that it reads each notification when the kernel sends it rather than when the
 * scheduler gets round to it: on one CPU a probe at normal priority would be timed by the
 * accelerator's own work after its switch. Right after the ack it reads the old port's MII
 * status (sysfs): still "up" means the switch came before bonding's MII monitor saw the link go
 * (accelerated); "down" means the kernel failed over by itself. Then it waits until the MII
 * monitor has seen the port down, restores the cable, waits until the port's MII status is up
 * again and waits a random 20..20+miimon ms, so that pulls land at any phase of the MII timer.
 *
 * Usage: probe [--rt PRIO] [--miimon MS] [--seed S] BOND PORT:PEER PORT:PEER WARMUP N OUT
 * OUT gets one line per pull (tab-separated: index, negative for the warm-up pulls; accelerated;
 * pull (CLOCK_MONOTONIC ns); pull->carrier ns; pull->ack ns; carrier->ack ns) and last
 * "# window START_NS END_NS" (CLOCK_MONOTONIC of the first counted pull and of the end).
 */
#define _GNU_SOURCE
#include "nlink.h"
#include <fcntl.h>

static const char *bond;
static int bond_index;
static unsigned seq = 1;

static int read_sys(const char *fmt, const char *name, char *out, size_t cap)
{
    char path[256];
    snprintf(path, sizeof(path), fmt, name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, out, cap - 1);
    close(fd);
    if (n <= 0)
        return -1;
    out[n] = 0;
    out[strcspn(out, "\n")] = 0;
    return 0;
}

static int ifindex(const char *name)
{
    char v[32];
    if (read_sys("/sys/class/net/%s/ifindex", name, v, sizeof(v)) < 0) {
        fprintf(stderr, "probe: no interface %s\n", name);
        exit(2);
    }
    return atoi(v);
}

static int mii_is(const char *port, const char *want)
{
    char v[32];
    return read_sys("/sys/class/net/%s/bonding_slave/mii_status", port, v, sizeof(v)) == 0 && strcmp(v, want) == 0;
}

static void sleep_ms(long ms)
{
    struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
    }
}

static void await_mii(const char *port, const char *want)
{
    for (int i = 0; i < 5000 && !mii_is(port, want); i++)
        sleep_ms(1);
    if (!mii_is(port, want)) {
        fprintf(stderr, "probe: %s: MII status not %s after 5 s\n", port, want);
        exit(1);
    }
}

/* Waits for the carrier loss of port and the bond's switch to other; 0 or -1 on timeout. */
static int await_failover(int ev, int port, int other, int64_t *carrier, int64_t *ack)
{
    static char rx[256 * 1024] __attribute__((aligned(4)));
    *carrier = *ack = 0;
    while (*ack == 0) {
        ssize_t n = recv(ev, rx, sizeof(rx), 0);
        int64_t t = nl_now_ns();
        if (n < 0) {
            if (errno == EINTR || errno == ENOBUFS)
                continue;
            return -1; /* EAGAIN: SO_RCVTIMEO */
        }
        for (struct nlmsghdr *m = (void *)rx; NLMSG_OK(m, (size_t)n); m = NLMSG_NEXT(m, n)) {
            struct nl_link l;
            if (!nl_parse(m, &l))
                continue;
            if (l.index == port && !(l.flags & IFF_LOWER_UP) && *carrier == 0)
                *carrier = t;
            if (l.index == bond_index && l.is_bond && l.active == other && *ack == 0)
                *ack = t;
        }
    }
    return *carrier == 0 ? -1 : 0;
}

static void drain(int ev)
{
    static char rx[64 * 1024] __attribute__((aligned(4)));
    while (recv(ev, rx, sizeof(rx), MSG_DONTWAIT) >= 0 || errno == ENOBUFS || errno == EINTR) {
    }
}

int main(int argc, char **argv)
{
    int prio = 99, miimon = 100;
    unsigned rnd = 42;
    int a = 1;
    for (; a + 1 < argc && argv[a][0] == '-'; a += 2) {
        if (strcmp(argv[a], "--rt") == 0)
            prio = atoi(argv[a + 1]);
        else if (strcmp(argv[a], "--miimon") == 0)
            miimon = atoi(argv[a + 1]);
        else if (strcmp(argv[a], "--seed") == 0)
            rnd = (unsigned)atoi(argv[a + 1]);
        else
            break;
    }
    if (argc - a != 6) {
        fprintf(stderr, "usage: probe [--rt PRIO] [--miimon MS] [--seed S] BOND PORT:PEER PORT:PEER WARMUP N OUT\n");
        return 2;
    }
    bond = argv[a];
    char *port[2], *peer[2];
    for (int i = 0; i < 2; i++) {
        port[i] = argv[a + 1 + i];
        char *colon = strchr(port[i], ':');
        if (colon == NULL) {
            fprintf(stderr, "probe: %s: want PORT:PEER\n", port[i]);
            return 2;
        }
        *colon = 0;
        peer[i] = colon + 1;
    }
    int warmup = atoi(argv[a + 3]), n = atoi(argv[a + 4]);
    FILE *out = fopen(argv[a + 5], "w");
    if (out == NULL)
        nl_die("probe", argv[a + 5], errno);
    bond_index = ifindex(bond);
    int port_index[2] = { ifindex(port[0]), ifindex(port[1]) };
    int peer_index[2] = { ifindex(peer[0]), ifindex(peer[1]) };
    nl_realtime("probe", prio);
    int ev = nl_open("probe", 1), req = nl_open("probe", 0);
    struct timeval tv = { .tv_sec = 5 };
    setsockopt(ev, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    int64_t window = 0;
    long kernel = 0;
    for (int i = -warmup; i < n; i++) {
        char active[64];
        if (read_sys("/sys/class/net/%s/bonding/active_slave", bond, active, sizeof(active)) < 0) {
            fprintf(stderr, "probe: %s has no active port\n", bond);
            return 1;
        }
        int k = strcmp(active, port[0]) == 0 ? 0 : strcmp(active, port[1]) == 0 ? 1 : -1;
        if (k < 0) {
            fprintf(stderr, "probe: active port %s is neither %s nor %s\n", active, port[0], port[1]);
            return 1;
        }
        sleep_ms(20 + (long)(rand_r(&rnd) % (unsigned)miimon));
        drain(ev);
        if (i == 0)
            window = nl_now_ns();
        int64_t pull = nl_now_ns(), carrier, ack;
        int rc = nl_set_up(req, peer_index[k], 0, ++seq);
        if (rc != 0)
            nl_die("probe", "cable pull (peer down)", -rc);
        if (await_failover(ev, port_index[k], port_index[1 - k], &carrier, &ack) < 0) {
            fprintf(stderr, "probe: pull %d of %s: no failover to %s within 5 s\n", i, port[k], port[1 - k]);
            return 1;
        }
        int accelerated = mii_is(port[k], "up");
        fprintf(out, "%d\t%d\t%lld\t%lld\t%lld\t%lld\n", i, accelerated, (long long)pull, (long long)(carrier - pull),
                (long long)(ack - pull), (long long)(ack - carrier));
        kernel += i >= 0 && !accelerated;
        await_mii(port[k], "down");
        rc = nl_set_up(req, peer_index[k], 1, ++seq);
        if (rc != 0)
            nl_die("probe", "cable restore (peer up)", -rc);
        await_mii(port[k], "up");
    }
    fprintf(out, "# window %lld %lld\n", (long long)window, (long long)nl_now_ns());
    fclose(out);
    printf("probe: %d pulls counted (%d warm-up), %ld failed over by the kernel itself\n", n, warmup, kernel);
    return 0;
}
