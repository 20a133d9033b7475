/*
 * The kernel floor of the end-to-end benchmark: the seed scenario's change requests, the same
 * messages with the same attributes as bondctl's library path sends, over raw rtnetlink from
 * a minimal C program, each one waited for its ACK. No dumps, no validation: what is left is
 * the kernel's own work plus one system call pair per message.
 *
 *   bond0 active-backup miimon=1000 updelay=10000 primary=ens192 primary_reselect=always
 *   ens192, ens224: master bond0, up; 192.0.2.10/24 on bond0; bond0 up;
 *   default via 192.0.2.1 dev bond0; resolv.conf (search k.local.lab, nameserver 192.0.2.53)
 *
 * Then polls /sys/class/net/bond0/{carrier,bonding/slaves} every millisecond, as every path
 * does, and prints the milliseconds from the socket's creation to "ready". Process start is
 * not included (the library path is timed in-process too).
 *
 * Usage: floor RESOLV_CONF_PATH
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int fd;
static unsigned seq;
static char buf[8192] __attribute__((aligned(4)));
static size_t len;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void die(const char *what, int err)
{
    fprintf(stderr, "floor: %s: %s\n", what, strerror(err));
    exit(1);
}

static void begin(int type, int flags)
{
    memset(buf, 0, sizeof(buf));
    struct nlmsghdr *h = (struct nlmsghdr *)buf;
    h->nlmsg_type = type;
    h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
    h->nlmsg_seq = ++seq;
    len = NLMSG_HDRLEN;
}

static void *put(const void *p, size_t n)
{
    void *at = buf + len;
    memcpy(at, p, n);
    len += NLMSG_ALIGN(n);
    return at;
}

static struct rtattr *attr(int type, const void *p, size_t n)
{
    struct rtattr *a = (struct rtattr *)(buf + len);
    a->rta_type = type;
    a->rta_len = RTA_LENGTH(n);
    if (n)
        memcpy(RTA_DATA(a), p, n);
    len += RTA_ALIGN(a->rta_len);
    return a;
}

static struct rtattr *nest(int type)
{
    return attr(type | NLA_F_NESTED, NULL, 0);
}

static void nest_end(struct rtattr *a)
{
    a->rta_len = (unsigned short)(buf + len - (char *)a);
}

static void u8(int type, unsigned char v) { attr(type, &v, 1); }
static void u32(int type, unsigned v) { attr(type, &v, 4); }

static void ifinfo(int index, unsigned flags, unsigned change)
{
    struct ifinfomsg i = { .ifi_family = AF_UNSPEC, .ifi_index = index, .ifi_flags = flags, .ifi_change = change };
    put(&i, sizeof(i));
}

/* Sends the message and waits for its ACK. */
static void request(const char *what)
{
    ((struct nlmsghdr *)buf)->nlmsg_len = (unsigned)len;
    struct sockaddr_nl k = { .nl_family = AF_NETLINK };
    if (sendto(fd, buf, len, 0, (struct sockaddr *)&k, sizeof(k)) < 0)
        die(what, errno);
    char rx[8192] __attribute__((aligned(4)));
    for (;;) {
        ssize_t n = recv(fd, rx, sizeof(rx), 0);
        if (n < 0)
            die(what, errno);
        for (struct nlmsghdr *h = (struct nlmsghdr *)rx; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_seq != seq || h->nlmsg_type != NLMSG_ERROR)
                continue;
            int err = ((struct nlmsgerr *)NLMSG_DATA(h))->error;
            if (err)
                die(what, -err);
            return;
        }
    }
}

static int index_of(const char *name)
{
    unsigned i = if_nametoindex(name);
    if (!i)
        die(name, errno);
    return (int)i;
}

static int read_file(const char *path, char *out, size_t cap)
{
    int f = open(path, O_RDONLY | O_CLOEXEC);
    if (f < 0)
        return -1;
    ssize_t n = read(f, out, cap - 1);
    close(f);
    if (n < 0)
        return -1;
    out[n] = 0;
    return (int)n;
}

static int ready(void)
{
    char c[8], s[256];
    if (read_file("/sys/class/net/bond0/carrier", c, sizeof(c)) < 0 || c[0] != '1')
        return 0;
    if (read_file("/sys/class/net/bond0/bonding/slaves", s, sizeof(s)) < 0)
        return 0;
    return strstr(s, "ens192") && strstr(s, "ens224");
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: floor RESOLV_CONF_PATH\n");
        return 2;
    }
    double t0 = now_ms();
    fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0)
        die("socket", errno);
    struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
    if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
        die("bind", errno);

    int ens192 = index_of("ens192"), ens224 = index_of("ens224");

    /* ip link add bond0 type bond mode active-backup miimon 1000 updelay 10000 primary ens192 primary_reselect always */
    begin(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
    ifinfo(0, 0, 0);
    attr(IFLA_IFNAME, "bond0", 6);
    struct rtattr *li = nest(IFLA_LINKINFO);
    attr(IFLA_INFO_KIND, "bond", 5);
    struct rtattr *data = nest(IFLA_INFO_DATA);
    u8(IFLA_BOND_MODE, 1);
    u32(IFLA_BOND_MIIMON, 1000);
    u32(IFLA_BOND_UPDELAY, 10000);
    u32(IFLA_BOND_PRIMARY, (unsigned)ens192);
    u8(IFLA_BOND_PRIMARY_RESELECT, 0);
    nest_end(data);
    nest_end(li);
    request("add bond0");
    int bond = index_of("bond0");

    int ports[2] = { ens192, ens224 };
    for (int i = 0; i < 2; i++) {
        begin(RTM_NEWLINK, 0); /* ip link set PORT master bond0 */
        ifinfo(ports[i], 0, 0);
        u32(IFLA_MASTER, (unsigned)bond);
        request("enslave");
        begin(RTM_NEWLINK, 0); /* ip link set PORT up */
        ifinfo(ports[i], IFF_UP, IFF_UP);
        request("port up");
    }

    /* ip addr add 192.0.2.10/24 dev bond0 */
    begin(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
    struct ifaddrmsg ifa = { .ifa_family = AF_INET, .ifa_prefixlen = 24, .ifa_index = (unsigned)bond };
    put(&ifa, sizeof(ifa));
    struct in_addr a;
    inet_pton(AF_INET, "192.0.2.10", &a);
    attr(IFA_LOCAL, &a, 4);
    attr(IFA_ADDRESS, &a, 4);
    request("add address");

    begin(RTM_NEWLINK, 0); /* ip link set bond0 up */
    ifinfo(bond, IFF_UP, IFF_UP);
    request("bond0 up");

    /* ip route add default via 192.0.2.1 dev bond0 */
    begin(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
    struct rtmsg rt = { .rtm_family = AF_INET, .rtm_table = RT_TABLE_MAIN, .rtm_protocol = RTPROT_STATIC,
                        .rtm_scope = RT_SCOPE_UNIVERSE, .rtm_type = RTN_UNICAST };
    put(&rt, sizeof(rt));
    struct in_addr gw;
    inet_pton(AF_INET, "192.0.2.1", &gw);
    attr(RTA_GATEWAY, &gw, 4);
    u32(RTA_OIF, (unsigned)bond);
    request("add default route");
    close(fd);

    /* resolv.conf as bondctl dns set writes it: a temporary file, flushed, renamed over the
     * target, then the directory flushed */
    char tmp[4096], dir[4096];
    snprintf(tmp, sizeof(tmp), "%s.floor-tmp", argv[1]);
    snprintf(dir, sizeof(dir), "%s", argv[1]);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = 0;
    static const char conf[] = "# Generated by bondctl\n# bondctl: interface=bond0\nsearch k.local.lab\nnameserver 192.0.2.53\n";
    int f = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (f < 0 || write(f, conf, sizeof(conf) - 1) != (ssize_t)(sizeof(conf) - 1) || fsync(f) != 0 || close(f) != 0)
        die(tmp, errno);
    if (rename(tmp, argv[1]) != 0)
        die(argv[1], errno);
    int d = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (d < 0 || fsync(d) != 0)
        die(dir, errno);
    close(d);

    struct timespec ms = { 0, 1000000 };
    double deadline = now_ms() + 60000;
    while (!ready()) {
        if (now_ms() > deadline) {
            fprintf(stderr, "floor: bond0 not ready after 60 s\n");
            return 1;
        }
        nanosleep(&ms, NULL);
    }
    printf("%.3f\n", now_ms() - t0);
    return 0;
}
