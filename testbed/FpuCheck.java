import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a guest thread's vector registers survive the guest's context switches
 * (testbed/selftest runs it in each kernel). UML switches guest threads by saving and
 * restoring their FPU state through ptrace; on hosts with AVX-512 that state is larger than
 * UML's buffer and testbed/uml-xstate.so shadows the rest. If it did not, a thread would
 * compute with another thread's upper register halves (zmm16-31, the upper 256 bits of
 * zmm0-15, mask registers) and its result would differ from the same computation done alone.
 *
 * C2 compiles the loops below to 512-bit vector code where the CPU has AVX-512 (UseAVX=3,
 * MaxVectorSize=64 are the defaults there). Java neither fuses a*b+c nor reorders the scalar
 * sum, so the results are exact and repeatable: the threads must match the lone run bit for
 * bit. Prints "fpu-ok THREADS ROUNDS" or the first mismatch, exit 1.
 */
public final class FpuCheck {
    private static final int N = 4096;

    /** Thread {@code seed}'s computation: long enough that the guest's timer preempts it in a loop. */
    static long work(int seed, int rounds) {
        double[] a = new double[N];
        double[] b = new double[N];
        long[] x = new long[N];
        for (int i = 0; i < N; i++) {
            a[i] = seed + i * 0.001;
            b[i] = (seed * 31 + i) * 1e-6;
            x[i] = seed * 1_000_003L + i;
        }
        for (int r = 0; r < rounds; r++) {
            double k = 1.0 + (r % 7) * 1e-9;
            for (int i = 0; i < N; i++) {
                a[i] = a[i] * k + b[i];
            }
            for (int i = 0; i < N; i++) {
                x[i] = (x[i] ^ (x[i] << 7)) + seed;
            }
        }
        long h = 0;
        for (int i = 0; i < N; i++) {
            h = h * 31 + Double.doubleToRawLongBits(a[i]) + x[i];
        }
        return h;
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        for (int w = 0; w < 3; w++) {
            work(w, rounds / 4); // warm up: C2 compiles the loops before the measured runs
        }
        long[] alone = new long[threads];
        for (int t = 0; t < threads; t++) {
            alone[t] = work(t + 1, rounds);
        }
        long[] together = new long[threads];
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> together[id] = work(id + 1, rounds));
            all.add(th);
            th.start();
        }
        for (Thread th : all) {
            th.join();
        }
        for (int t = 0; t < threads; t++) {
            if (alone[t] != together[t]) {
                System.out.printf("fpu-MISMATCH thread %d: alone %x, with %d other threads %x%n",
                        t, alone[t], threads - 1, together[t]);
                System.exit(1);
            }
        }
        System.out.println("fpu-ok " + threads + " " + rounds);
    }
}
