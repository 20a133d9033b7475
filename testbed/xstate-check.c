/*
 * xstate-check - do a guest thread's AVX-512 registers survive the guest's thread switches?
 * (testbed/selftest builds it on the host and runs it in each guest kernel.)
 *
 * UML switches guest threads of one process inside one host process, saving and restoring
 * each thread's FPU state with ptrace. State beyond UML's buffer (6.1: 832 bytes, so the
 * AVX-512 upper halves of zmm0-15, zmm16-31 and the mask registers) is kept per thread only
 * by testbed/uml-xstate.so. Each thread here puts its own pattern into zmm15 (upper half
 * outside the 832 bytes), zmm31 and k7, calls sched_yield with the raw syscall instruction
 * (nothing between the write and the read-back may touch those registers; Linux preserves
 * them across a system call), and checks they still hold its pattern. With one guest CPU,
 * each yield switches to another of the threads, so a leak shows on the first round.
 *
 * Prints "xstate-ok THREADS ROUNDS", "xstate-skip: no AVX-512" (exit 0), or the first
 * mismatch (exit 1).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define THREADS 4

static int rounds = 2000;
static volatile int failed;

/* The thread's pattern through a system call: 0 when zmm15, zmm31 and k7 kept it. */
__attribute__((target("avx512f"))) static int round_trip(uint64_t v)
{
    uint64_t z15[8] __attribute__((aligned(64)));
    uint64_t z31[8] __attribute__((aligned(64)));
    uint64_t k7;
    __asm__ volatile(
        "vpbroadcastq %[v], %%zmm15\n\t"
        "vpbroadcastq %[v], %%zmm31\n\t"
        "kmovw %k[v], %%k7\n\t"
        "mov $24, %%eax\n\t" /* __NR_sched_yield (arch/x86/entry/syscalls/syscall_64.tbl) */
        "syscall\n\t"
        "vmovdqa64 %%zmm15, %[z15]\n\t"
        "vmovdqa64 %%zmm31, %[z31]\n\t"
        "kmovw %%k7, %%eax\n\t"
        "mov %%rax, %[k7]\n\t"
        : [z15] "=m"(z15), [z31] "=m"(z31), [k7] "=r"(k7)
        : [v] "r"(v)
        : "rax", "rcx", "r11", "xmm15", "xmm31", "k7", "memory");
    for (int i = 0; i < 8; i++) {
        if (z15[i] != v || z31[i] != v) {
            printf("xstate-MISMATCH pattern %016llx: zmm15[%d]=%016llx zmm31[%d]=%016llx\n",
                   (unsigned long long)v, i, (unsigned long long)z15[i], i,
                   (unsigned long long)z31[i]);
            return 1;
        }
    }
    if ((k7 & 0xffff) != (v & 0xffff)) {
        printf("xstate-MISMATCH pattern %016llx: k7=%04llx\n", (unsigned long long)v,
               (unsigned long long)(k7 & 0xffff));
        return 1;
    }
    return 0;
}

static void *worker(void *arg)
{
    uint64_t id = (uintptr_t)arg;
    for (int r = 0; r < rounds && !failed; r++) {
        uint64_t v = 0x0101010101010101ULL * (id + 1) + ((uint64_t)r << 40);
        if (round_trip(v) != 0)
            failed = 1;
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        rounds = atoi(argv[1]);
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx512f")) {
        puts("xstate-skip: no AVX-512");
        return 0;
    }
    pthread_t t[THREADS];
    for (uintptr_t i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    if (failed)
        return 1;
    printf("xstate-ok %d %d\n", THREADS, rounds);
    return 0;
}
