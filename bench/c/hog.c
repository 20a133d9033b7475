/*
 * Load beside the failover benchmark (bench/failover/run), at normal priority:
 *   hog cpu        spins, never sleeps: the CPU is always wanted by someone else
 *   hog alloc MB   maps MB in 1 MiB blocks, writes every page, unmaps them, again and again:
 *                  page faults, page zeroing and unmapping, all of it kernel work, so memory is
 *                  turned over as fast as one CPU allows (mmap itself, not malloc, whose dynamic
 *                  threshold would soon keep the blocks mapped and reuse them)
 * Runs until killed.
 */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/mman.h>

#define BLOCK (1 << 20)

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "cpu") == 0) {
        volatile unsigned long n = 0;
        for (;;)
            n++;
    }
    if (argc == 3 && strcmp(argv[1], "alloc") == 0) {
        int mb = atoi(argv[2]);
        if (mb <= 0 || mb > 4096)
            return 2;
        char **blocks = calloc((size_t)mb, sizeof(char *));
        for (;;) {
            for (int i = 0; i < mb; i++) {
                blocks[i] = mmap(NULL, BLOCK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                if (blocks[i] != MAP_FAILED)
                    memset(blocks[i], i, BLOCK);
            }
            for (int i = 0; i < mb; i++)
                if (blocks[i] != MAP_FAILED)
                    munmap(blocks[i], BLOCK);
        }
    }
    fprintf(stderr, "usage: hog cpu | hog alloc MB\n");
    return 2;
}
