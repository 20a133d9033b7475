/*
 * faults OUT CMD [ARGS...] - runs CMD and writes to OUT how many minor page faults it made
 * (wait4's rusage: the process and the children it waited for). Exit status: CMD's (125 when
 * it could not be run or waited for, 127 when it was not found).
 *
 * In the UML test bed the first touch of a page costs ~0.2 ms against ~2 us on the host, so a
 * guest process's time is mostly its minor faults; unlike the time, their number is the same
 * from run to run (bench/README.md, "Reading the results").
 */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: faults OUT CMD [ARGS...]\n");
        return 125;
    }
    pid_t pid = fork();
    if (pid < 0) {
        perror("faults: fork");
        return 125;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        perror(argv[2]);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("faults: wait4");
        return 125;
    }
    FILE *out = fopen(argv[1], "w");
    if (out == NULL || fprintf(out, "%ld\n", ru.ru_minflt) < 0 || fclose(out) != 0) {
        perror(argv[1]);
        return 125;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
