/*
 * uml-xstate.so - LD_PRELOAD for linux.uml (User-Mode Linux 6.1/6.12) on hosts whose XSAVE
 * area is larger than UML's fixed buffer.
 *
 * UML saves and restores a guest thread's FPU state with ptrace(PTRACE_GETREGSET /
 * PTRACE_SETREGSET, NT_X86_XSTATE) into a buffer of fixed size: 2696 bytes in Debian's
 * 6.1.176 and in 6.12 (arch/x86/um/user-offsets.c, HOST_FP_SIZE: x87, SSE, AVX, AVX-512,
 * PKRU), 832 in older UMLs (sizeof(struct _xstate): no AVX-512). The host kernel accepts a
 * short GETREGSET (it truncates), but SETREGSET must be given the whole XSAVE area
 * (arch/x86/kernel/fpu/regset.c: xstateregs_set() returns -EFAULT unless count ==
 * fpu_user_cfg.max_size). On a host with AMX that area is about 11 KB (tile data alone is
 * 8 KB), so the first return to a guest process fails ("userspace - ptrace set fp regs
 * failed, errno = 14") and the guest's init dies.
 *
 * This library gives each of UML's FPU buffers (one per guest thread, in its pt_regs) a
 * full-size shadow: GETREGSET fills the shadow and copies UML's part out of it; SETREGSET
 * copies UML's part into the shadow and hands the whole area to the host. So the state
 * UML does not know about is switched per guest thread too, as the host's own context
 * switch would: with a 2696-byte UML that is AMX state, which guest programs cannot even
 * enable (UML's arch_prctl knows no ARCH_REQ_XCOMP_PERM); with an 832-byte UML it is the
 * AVX-512 registers, which glibc and the JVM use (testbed/xstate-check.c and FpuCheck.java
 * check them across guest thread switches). Where the host's area fits UML's buffer, every
 * call passes straight through.
 *
 * It runs inside UML's kernel context (small stacks, its own malloc wrapper): no stack
 * buffers, no malloc after start-up (mmap only), no locks (UML's kernel runs these calls
 * on one host thread).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#define NT_X86_XSTATE 0x202 /* include/uapi/linux/elf.h */
#define PROBE_SIZE (64 * 1024)

typedef long (*ptrace_fn)(enum __ptrace_request, ...);

static ptrace_fn real_ptrace;
static size_t host_size; /* the host's XSAVE area for ptrace; 0 until probed */

struct shadow {
    const void *key; /* UML's buffer */
    unsigned char *full;
};
static struct shadow *table;
static size_t table_cap, table_used;

__attribute__((constructor)) static void init(void)
{
    real_ptrace = (ptrace_fn)dlsym(RTLD_NEXT, "ptrace");
}

static void *map(size_t n)
{
    void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

static long regset(long request, pid_t pid, void *buf, size_t len, size_t *got)
{
    struct iovec iov = { .iov_base = buf, .iov_len = len };
    long r = syscall(SYS_ptrace, request, (long)pid, (long)NT_X86_XSTATE, &iov);
    if (got != NULL)
        *got = iov.iov_len;
    return r;
}

/* The host's XSAVE size: a GETREGSET with a large buffer reports how much it filled. */
static int probe(pid_t pid)
{
    if (host_size != 0)
        return 0;
    unsigned char *buf = map(PROBE_SIZE);
    if (buf == NULL)
        return -1;
    size_t got = 0;
    long r = regset(PTRACE_GETREGSET, pid, buf, PROBE_SIZE, &got);
    munmap(buf, PROBE_SIZE);
    if (r < 0)
        return -1;
    host_size = got;
    return 0;
}

static size_t slot_of(const void *key, size_t cap)
{
    uintptr_t h = (uintptr_t)key;
    h ^= h >> 17;
    h *= 0x9e3779b97f4a7c15ULL;
    return (size_t)(h >> 20) & (cap - 1);
}

static int grow(void)
{
    size_t cap = table_cap ? table_cap * 2 : 1024;
    struct shadow *t = map(cap * sizeof *t);
    if (t == NULL)
        return -1;
    for (size_t i = 0; i < table_cap; i++) {
        if (table[i].key == NULL)
            continue;
        size_t s = slot_of(table[i].key, cap);
        while (t[s].key != NULL)
            s = (s + 1) & (cap - 1);
        t[s] = table[i];
    }
    if (table != NULL)
        munmap(table, table_cap * sizeof *table);
    table = t;
    table_cap = cap;
    return 0;
}

/* The shadow of UML's buffer; *fresh tells whether it was just made (holds nothing yet). */
static unsigned char *shadow(const void *key, int *fresh)
{
    *fresh = 0;
    if (table_cap == 0 || (table_used + 1) * 4 > table_cap * 3) {
        if (grow() != 0)
            return NULL;
    }
    size_t s = slot_of(key, table_cap);
    while (table[s].key != NULL) {
        if (table[s].key == key)
            return table[s].full;
        s = (s + 1) & (table_cap - 1);
    }
    unsigned char *full = map(host_size);
    if (full == NULL)
        return NULL;
    table[s].key = key;
    table[s].full = full;
    table_used++;
    *fresh = 1;
    return full;
}

static long xstate(long request, pid_t pid, struct iovec *iov)
{
    if (probe(pid) != 0 || iov == NULL || iov->iov_len >= host_size)
        return real_ptrace(request, pid, (void *)(long)NT_X86_XSTATE, iov);
    int fresh;
    unsigned char *full = shadow(iov->iov_base, &fresh);
    if (full == NULL) {
        errno = ENOMEM;
        return -1;
    }
    size_t part = iov->iov_len;
    if (request == PTRACE_GETREGSET) {
        long r = regset(PTRACE_GETREGSET, pid, full, host_size, NULL);
        if (r == 0)
            memcpy(iov->iov_base, full, part);
        return r;
    }
    /* SETREGSET: a shadow that never saw a GET starts from the thread's current state */
    if (fresh && regset(PTRACE_GETREGSET, pid, full, host_size, NULL) != 0)
        return -1;
    memcpy(full, iov->iov_base, part);
    return regset(PTRACE_SETREGSET, pid, full, host_size, NULL);
}

long ptrace(enum __ptrace_request request, ...)
{
    va_list ap;
    va_start(ap, request);
    pid_t pid = va_arg(ap, pid_t);
    void *addr = va_arg(ap, void *);
    void *data = va_arg(ap, void *);
    va_end(ap);
    if ((request == PTRACE_GETREGSET || request == PTRACE_SETREGSET) && (long)addr == NT_X86_XSTATE)
        return xstate(request, pid, (struct iovec *)data);
    return real_ptrace(request, pid, addr, data);
}
