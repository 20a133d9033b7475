package org.bondctl.bench.e2e;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Path 6 of the end-to-end harness: the seed scenario through the library API, in a JVM that
 * stays up between runs so the harness can alternate it with the other paths. Reads commands
 * on stdin, answers one line each on stdout:
 * <ul>
 *   <li>{@code warmup N}: N times scenario + reset (untimed), answers {@code ok};
 *   <li>{@code run}: one timed scenario (the harness resets before), answers the ms;
 *   <li>{@code run-raw}: the same through the rtnetlink layer alone ({@link Seed#runRaw});
 *   <li>{@code quit}.
 * </ul>
 * A failure answers {@code error TEXT} and the harness records the path as failed.
 */
public final class LibraryScenario {
    private LibraryScenario() {}

    public static void main(String[] args) throws Exception {
        Path resolv = Path.of(args.length > 0 ? args[0] : "/tmp/bench-resolv.conf");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.strip().split(" ");
            try {
                switch (w[0]) {
                    case "warmup" -> {
                        for (int i = 0; i < Integer.parseInt(w[1]); i++) {
                            Seed.reset();
                            Seed.run(resolv);
                            Seed.reset();
                            Seed.runRaw(resolv);
                        }
                        Seed.reset();
                        System.out.println("ok");
                    }
                    case "run", "run-raw" -> {
                        long t0 = System.nanoTime();
                        if (w[0].equals("run")) {
                            Seed.run(resolv);
                        } else {
                            Seed.runRaw(resolv);
                        }
                        System.out.printf(Locale.ROOT, "%.3f%n", (System.nanoTime() - t0) / 1e6);
                    }
                    case "quit" -> {
                        return;
                    }
                    default -> System.out.println("error unknown command " + w[0]);
                }
            } catch (Exception e) {
                System.out.println("error " + e.toString().replace('\n', ' '));
            }
            System.out.flush();
        }
    }
}
