package org.bondctl.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** Runs bondctl command lines in-process, capturing output and exit code. */
public final class Cli {
    public record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final String netns;

    public Cli(String netns) {
        this.netns = netns;
    }

    public Result run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        List<String> all = new ArrayList<>();
        if (netns != null) {
            all.add("--netns");
            all.add(netns);
        }
        all.addAll(List.of(args));
        int rc = Main.run(new PrintWriter(o, true), new PrintWriter(e, true), all.toArray(String[]::new));
        return new Result(rc, o.toString(), e.toString());
    }
}
