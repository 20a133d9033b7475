/*
 * bondctl's native edge: a netlink socket and nothing else (but for the two calls the monitor's
 * hooks need at the end: dropping a thread's capabilities, signalling a process group).
 *
 * No netlink semantics live here: Java builds and parses every message. Each call
 * returns a value or -errno (never relies on errno after return, so JNA's
 * LastErrorException is never involved). Buffers arrive as plain addresses.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/netlink.h>

#define API __attribute__((visibility("default")))

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11        /* include/uapi/linux/netlink.h, Linux 4.12 */
#endif
#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12 /* include/uapi/linux/netlink.h, Linux 4.20 */
#endif

/* Layout of the receive metadata block (must match Java's NetlinkSocket). */
struct bc_recv_meta {
    uint32_t sender_port;  /* nl_pid of the sender: 0 is the kernel */
    uint32_t groups;       /* nl_groups the message was multicast to */
    int64_t mono_ns;       /* CLOCK_MONOTONIC when recvmsg returned, if asked for; else 0 */
    uint32_t flags;        /* msg_flags (MSG_TRUNC) */
    uint32_t want;         /* in: BC_META_TIME to fill mono_ns (left as the caller set it) */
    uint32_t next_len;     /* bc_nl_recv2: full length of the second datagram, 0 when none waited */
    uint32_t next_sender;  /* bc_nl_recv2: its sender's nl_pid */
};

/* A clock read is a system call where there is no vDSO (User-Mode Linux, some sandboxes):
 * only the event monitor, which reports latencies, asks for it. */
#define BC_META_TIME 1u

API int64_t bc_monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int open_socket(int protocol, int rcvbuf)
{
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
    if (fd < 0)
        return -errno;
    int one = 1;
    /* Extended ACK carries the kernel's error text; best effort before 4.12. */
    setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
    /* Strict checking makes dump filters reliable; best effort before 4.20. */
    setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof(one));
    if (rcvbuf > 0 && setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
    struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
    if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        int err = errno;
        close(fd);
        return -err;
    }
    return fd;
}

/*
 * Moves the calling thread into the network namespace bound at netns_path; *self gets a
 * descriptor of the thread's own namespace for leave_netns(). Returns 0 or -errno.
 */
static int enter_netns(const char *netns_path, int *self)
{
    int target = open(netns_path, O_RDONLY | O_CLOEXEC);
    if (target < 0)
        return -errno;
    *self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (*self < 0) {
        int err = errno;
        close(target);
        return -err;
    }
    int rc = setns(target, CLONE_NEWNET) < 0 ? -errno : 0;
    close(target);
    if (rc < 0)
        close(*self);
    return rc;
}

/* Returns the thread to the namespace enter_netns() saved; 0 or -errno. */
static int leave_netns(int self)
{
    /* Cannot fail short of a kernel bug; the caller never leaves the thread stranded. */
    int rc = setns(self, CLONE_NEWNET) < 0 ? -errno : 0;
    close(self);
    return rc;
}

/*
 * Opens a socket in the namespace the thread is in now, then returns the thread to the
 * namespace saved in self (leave_netns): a socket keeps the namespace it was created in.
 */
static int open_socket_and_leave(int self, int protocol, int rcvbuf)
{
    int rc = open_socket(protocol, rcvbuf);
    int back = leave_netns(self);
    if (back < 0) {
        if (rc >= 0)
            close(rc);
        rc = back;
    }
    return rc;
}

/*
 * Opens a netlink socket of the given protocol (NETLINK_ROUTE, NETLINK_GENERIC), inside
 * the network namespace bound at netns_path when it is not NULL. A socket keeps the
 * namespace it was created in, so the thread enters the namespace, creates the socket and
 * returns to its own namespace, all in this one call.
 */
API int bc_nl_open(const char *netns_path, int protocol, int rcvbuf)
{
    if (netns_path == NULL || netns_path[0] == '\0')
        return open_socket(protocol, rcvbuf);
    int self;
    int rc = enter_netns(netns_path, &self);
    if (rc < 0)
        return rc;
    return open_socket_and_leave(self, protocol, rcvbuf);
}

/*
 * Opens a netlink socket in a new network namespace of its own, which nothing else can
 * enter and which goes away with the socket (and with everything created in it). For probes
 * that must not be seen in any namespace in use. Needs CAP_SYS_ADMIN.
 */
API int bc_nl_open_private(int protocol, int rcvbuf)
{
    int self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (self < 0)
        return -errno;
    if (unshare(CLONE_NEWNET) < 0) {
        int err = -errno;
        close(self);
        return err;
    }
    return open_socket_and_leave(self, protocol, rcvbuf);
}

/*
 * Opens the file at path as seen from the network namespace bound at netns_path (NULL: the
 * caller's): setns, open, setns back. The descriptor, or -errno.
 */
static int open_in_netns(const char *netns_path, const char *path, int flags)
{
    int self = -1;
    if (netns_path != NULL && netns_path[0] != '\0') {
        int rc = enter_netns(netns_path, &self);
        if (rc < 0)
            return rc;
    }
    int fd = open(path, flags | O_CLOEXEC);
    int err = fd < 0 ? -errno : 0;
    if (self >= 0) {
        int back = leave_netns(self);
        if (back < 0 && err == 0)
            err = back;
    }
    if (err < 0) {
        if (fd >= 0)
            close(fd);
        return err;
    }
    return fd;
}

/*
 * Reads the file at path as seen from the network namespace bound at netns_path (NULL: the
 * caller's), into buf: the byte count, -EFBIG when it holds more than cap bytes, or -errno.
 * For /proc/thread-self/net/... files, which show the namespace of the thread that opens
 * them (an open file keeps it after the thread returns).
 */
API int bc_netns_read(const char *netns_path, const char *path, int64_t buf, int cap)
{
    int fd = open_in_netns(netns_path, path, O_RDONLY);
    if (fd < 0)
        return fd;
    int err = 0;
    char *out = (char *)(intptr_t)buf;
    int n = 0;
    for (;;) {
        char probe;
        ssize_t r = n < cap ? read(fd, out + n, (size_t)(cap - n)) : read(fd, &probe, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            err = -errno;
            break;
        }
        if (r == 0)
            break;
        if (n >= cap) {
            err = -EFBIG;
            break;
        }
        n += (int)r;
    }
    close(fd);
    return err < 0 ? err : n;
}

/*
 * Writes len bytes of buf to the file at path as seen from the network namespace bound at
 * netns_path (NULL: the caller's), in one write: 0 or -errno. For the per-namespace
 * /proc/sys/net settings that netlink cannot change (an interface's disable_ipv6), whose
 * directory is the namespace of the thread that looks it up.
 */
API int bc_netns_write(const char *netns_path, const char *path, int64_t buf, int len)
{
    int fd = open_in_netns(netns_path, path, O_WRONLY);
    if (fd < 0)
        return fd;
    int err = 0;
    ssize_t w;
    do {
        w = write(fd, (const char *)(intptr_t)buf, (size_t)len);
    } while (w < 0 && errno == EINTR);
    if (w < 0)
        err = -errno;
    else if (w != len)
        err = -EIO;
    if (close(fd) < 0 && err == 0)
        err = -errno;
    return err;
}

/* The socket's port id (any u32: the kernel picks negative-looking ones for second sockets). */
API int64_t bc_nl_local_port(int fd)
{
    struct sockaddr_nl sa;
    socklen_t len = sizeof(sa);
    if (getsockname(fd, (struct sockaddr *)&sa, &len) < 0)
        return -errno;
    return (int64_t)sa.nl_pid;
}

API int bc_nl_send(int fd, int64_t buf, int len)
{
    struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
    ssize_t n;
    do {
        n = sendto(fd, (const void *)(intptr_t)buf, (size_t)len, 0,
                   (struct sockaddr *)&kernel, sizeof(kernel));
    } while (n < 0 && errno == EINTR);
    return n < 0 ? -errno : (int)n;
}

/*
 * Sends a datagram to another netlink socket (nl_pid = port) instead of the kernel. Any
 * process may do this: receivers must check who sent what they read (bc_recv_meta).
 */
API int bc_nl_send_to(int fd, int64_t port, int64_t buf, int len)
{
    struct sockaddr_nl to = { .nl_family = AF_NETLINK, .nl_pid = (uint32_t)port };
    ssize_t n;
    do {
        n = sendto(fd, (const void *)(intptr_t)buf, (size_t)len, 0, (struct sockaddr *)&to, sizeof(to));
    } while (n < 0 && errno == EINTR);
    return n < 0 ? -errno : (int)n;
}

/*
 * recvmmsg() of at most vlen datagrams: timeout_ms < 0 blocks for the first (MSG_WAITFORONE:
 * the others only if they wait already), 0 polls, > 0 waits at most that long (-EAGAIN when
 * nothing came). Returns how many came, or -errno. MSG_TRUNC: each msg_len is the datagram's
 * full length, which exceeds its buffer when it was truncated.
 */
static int recv_some(int fd, struct mmsghdr *mm, unsigned vlen, int timeout_ms)
{
    int n;
    if (timeout_ms >= 0) {
        /* rtnetlink answers most requests inside sendmsg(): try before paying for poll(). */
        do {
            n = recvmmsg(fd, mm, vlen, MSG_DONTWAIT | MSG_TRUNC, NULL);
        } while (n < 0 && errno == EINTR);
        if (n < 0 && errno == EAGAIN && timeout_ms > 0) {
            struct pollfd p = { .fd = fd, .events = POLLIN };
            int r;
            do {
                r = poll(&p, 1, timeout_ms);
            } while (r < 0 && errno == EINTR);
            if (r < 0)
                return -errno;
            if (r == 0)
                return -EAGAIN;
            do {
                n = recvmmsg(fd, mm, vlen, MSG_DONTWAIT | MSG_TRUNC, NULL);
            } while (n < 0 && errno == EINTR);
        }
    } else {
        do {
            n = recvmmsg(fd, mm, vlen, MSG_WAITFORONE | MSG_TRUNC, NULL);
        } while (n < 0 && errno == EINTR);
    }
    return n < 0 ? -errno : n;
}

/*
 * Receives one datagram into buf, and with buf2 (cap2 > 0) a second one into buf2 in the same
 * system call if it waits already: the monitor knows then, without another call, whether a
 * newer message waits behind the one it is about to act on (meta->next_len). timeout_ms as
 * recv_some. Fills meta (struct bc_recv_meta) when it is not 0; its receive time only when
 * meta->want has BC_META_TIME. Returns the first datagram's full length (see recv_some).
 */
API int bc_nl_recv2(int fd, int64_t buf, int cap, int64_t buf2, int cap2, int timeout_ms, int64_t meta)
{
    struct sockaddr_nl from[2];
    struct iovec iov[2] = {
        { .iov_base = (void *)(intptr_t)buf, .iov_len = (size_t)cap },
        { .iov_base = (void *)(intptr_t)buf2, .iov_len = (size_t)(cap2 > 0 ? cap2 : 0) },
    };
    struct mmsghdr mm[2];
    memset(mm, 0, sizeof(mm));
    for (int i = 0; i < 2; i++) {
        mm[i].msg_hdr.msg_name = &from[i];
        mm[i].msg_hdr.msg_namelen = sizeof(from[i]);
        mm[i].msg_hdr.msg_iov = &iov[i];
        mm[i].msg_hdr.msg_iovlen = 1;
    }
    int n = recv_some(fd, mm, cap2 > 0 ? 2 : 1, timeout_ms);
    if (n < 0)
        return n;
    if (meta != 0) {
        struct bc_recv_meta *m = (struct bc_recv_meta *)(intptr_t)meta;
        m->sender_port = from[0].nl_pid;
        m->groups = from[0].nl_groups;
        m->mono_ns = (m->want & BC_META_TIME) ? bc_monotonic_ns() : 0;
        m->flags = (uint32_t)mm[0].msg_hdr.msg_flags;
        m->next_len = n > 1 ? mm[1].msg_len : 0;
        m->next_sender = n > 1 ? from[1].nl_pid : 0;
    }
    return (int)mm[0].msg_len;
}

/* One datagram: bc_nl_recv2 without a second buffer. */
API int bc_nl_recv(int fd, int64_t buf, int cap, int timeout_ms, int64_t meta)
{
    return bc_nl_recv2(fd, buf, cap, 0, 0, timeout_ms, meta);
}

/* 1 when a datagram (or an error such as ENOBUFS) waits to be received, 0 when none: poll, no wait. */
API int bc_nl_pending(int fd)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };
    int r;
    do {
        r = poll(&p, 1, 0);
    } while (r < 0 && errno == EINTR);
    return r < 0 ? -errno : r > 0;
}

API int bc_nl_add_membership(int fd, int group)
{
    return setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)) < 0 ? -errno : 0;
}

API int bc_nl_drop_membership(int fd, int group)
{
    return setsockopt(fd, SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, &group, sizeof(group)) < 0 ? -errno : 0;
}

/* Wakes a thread blocked in bc_nl_recv (it returns 0 or an error) without closing the fd. */
API int bc_shutdown(int fd)
{
    return shutdown(fd, SHUT_RDWR) < 0 ? -errno : 0;
}

API int bc_close(int fd)
{
    return close(fd) < 0 ? -errno : 0;
}

API int bc_strerror(int errnum, int64_t buf, int cap)
{
    if (cap <= 0)
        return -EINVAL;
    char *out = (char *)(intptr_t)buf;
    const char *s = strerror(errnum);
    size_t n = strlen(s);
    if (n >= (size_t)cap)
        n = (size_t)cap - 1;
    memcpy(out, s, n);
    out[n] = '\0';
    return (int)n;
}

/*
 * Creates a new network namespace and binds it at path (an existing empty file, by
 * convention under /run/netns), the way `ip netns add` does. The calling thread returns
 * to its own namespace before this returns.
 */
API int bc_netns_create(const char *path)
{
    int self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (self < 0)
        return -errno;
    int rc = 0;
    if (unshare(CLONE_NEWNET) < 0) {
        rc = -errno;
    } else {
        if (mount("/proc/thread-self/ns/net", path, "none", MS_BIND, NULL) < 0)
            rc = -errno;
        if (setns(self, CLONE_NEWNET) < 0 && rc == 0)
            rc = -errno;
    }
    close(self);
    return rc;
}

/* Detaches the namespace bound at path; the namespace dies with its last user. */
API int bc_netns_unbind(const char *path)
{
    return umount2(path, MNT_DETACH) < 0 ? -errno : 0;
}

/*
 * Drops every capability of the calling thread for good: no_new_privs (so no execve can grant
 * any: a set-user-ID root program or file capabilities, nor root's own execve, see
 * cap_bprm_creds_from_file() in security/commoncap.c), the ambient set cleared, the bounding set
 * emptied where allowed (needs CAP_SETPCAP; no_new_privs already covers what it guards), and
 * the permitted, effective and inheritable sets emptied. Credentials are per thread on Linux
 * (glibc broadcasts setuid() to every thread, but not capset(), prctl() or the raw system
 * call), and a child inherits the forking thread's: the monitor runs its hooks from a thread
 * that called this, while its event thread keeps CAP_NET_ADMIN.
 */
API int bc_drop_thread_caps(void)
{
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        return -errno;
    /* EINVAL before Linux 4.3: there is no ambient set to clear then. */
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
        return -errno;
    for (int cap = 0; cap <= 63; cap++) {
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno == EINVAL)
            break; /* past the kernel's last capability (EPERM: no CAP_SETPCAP, see above) */
    }
    struct __user_cap_header_struct head = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
    struct __user_cap_data_struct none[_LINUX_CAPABILITY_U32S_3];
    memset(none, 0, sizeof(none));
    if (syscall(SYS_capset, &head, none) < 0)
        return -errno;
    return 0;
}

/* kill(2): a negative pid signals the process group -pid. */
API int bc_kill(int pid, int sig)
{
    return kill(pid, sig) < 0 ? -errno : 0;
}

/*
 * The monitor's real-time options. bc_sched_fifo puts the calling thread (not the process:
 * the policy is per thread on Linux, sched(7)) under SCHED_FIFO at prio, with
 * SCHED_RESET_ON_FORK so that no process it starts inherits it; EPERM without CAP_SYS_NICE
 * unless RLIMIT_RTPRIO allows prio. bc_mlockall locks the process's pages, present and future,
 * each once it is touched (MCL_ONFAULT, Linux 4.4; mlockall(2)): MCL_CURRENT alone would fault
 * in every page mapped, the JVM's whole initial heap (1/64 of the machine's memory) and the
 * runtime's module image (120 MB for a full JDK) included: 580-660 MB resident on a 23 GB host
 * for a monitor that touches 45-60. A kernel without it (EINVAL) gets the plain lock. ENOMEM
 * or EPERM without CAP_IPC_LOCK beyond RLIMIT_MEMLOCK.
 */
API int bc_sched_fifo(int prio)
{
    struct sched_param sp = { .sched_priority = prio };
    return sched_setscheduler(0, SCHED_FIFO | SCHED_RESET_ON_FORK, &sp) < 0 ? -errno : 0;
}

#ifndef MCL_ONFAULT
#define MCL_ONFAULT 4 /* include/uapi/asm-generic/mman.h */
#endif

API int bc_mlockall(void)
{
    if (mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT) == 0)
        return 0;
    if (errno != EINVAL)
        return -errno;
    return mlockall(MCL_CURRENT | MCL_FUTURE) < 0 ? -errno : 0;
}

/*
 * SO_RCVTIMEO: a blocking bc_nl_recv (timeout_ms < 0) returns -EAGAIN after ms. The monitor's
 * event thread sleeps in recvmsg itself, one system call per wake-up where poll() and recvmsg()
 * were two (each a trap into the kernel where there is no vDSO: User-Mode Linux), and still
 * looks up every ms (netlink sockets have no shutdown() to wake it: sock_no_shutdown).
 */
API int bc_set_rcvtimeo(int fd, int ms)
{
    struct timeval tv = { .tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000 };
    return setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0 ? -errno : 0;
}
