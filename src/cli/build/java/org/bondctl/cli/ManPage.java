package org.bondctl.cli;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * One man page (troff, man(7) macros) for one command of the picocli model: NAME, SYNOPSIS,
 * DESCRIPTION, ARGUMENTS, OPTIONS, COMMANDS, EXIT STATUS (the root command's footer), SEE ALSO.
 * Build time only (BuildDocs); nothing here is in bondctl.jar.
 */
final class ManPage {
    private final CommandLine root;
    private final String version;

    ManPage(CommandLine root, String version) {
        this.root = root;
        this.version = version;
    }

    /** "bondctl-addr-show" for "bondctl addr show". */
    static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    String render(CommandLine cl, LocalDate date) {
        CommandSpec spec = cl.getCommandSpec();
        StringBuilder t = new StringBuilder();
        t.append(".\\\" Generated at build time from bondctl's command model (src/build/java). Do not edit.\n");
        t.append(".TH ").append(quote(pageName(spec).toUpperCase())).append(" 1 ").append(quote(date.toString()))
            .append(' ').append(quote("bondctl " + version)).append(' ').append(quote("bondctl manual")).append('\n');
        t.append(".SH NAME\n").append(text(pageName(spec))).append(" \\- ").append(text(summary(spec))).append('\n');

        t.append(".SH SYNOPSIS\n.ad l\n").append(text(synopsis(cl))).append("\n.ad\n");

        String[] description = spec.usageMessage().description();
        if (description.length > 0) {
            t.append(".SH DESCRIPTION\n");
            for (String line : description) {
                t.append(".PP\n").append(text(line)).append('\n');
            }
        }
        List<PositionalParamSpec> params = new ArrayList<>();
        spec.positionalParameters().forEach(p -> {
            if (!p.hidden() && p.description().length > 0) {
                params.add(p);
            }
        });
        if (!params.isEmpty()) {
            t.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : params) {
                t.append(".TP\n\\fI").append(text(p.paramLabel())).append("\\fR\n")
                    .append(text(String.join(" ", p.description()))).append('\n');
            }
        }
        t.append(".SH OPTIONS\n");
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            t.append(".TP\n");
            List<String> names = new ArrayList<>();
            for (String n : o.names()) {
                names.add("\\fB" + text(n) + "\\fR");
            }
            t.append(String.join(", ", names));
            if (o.arity().max() > 0) {
                t.append("=\\fI").append(text(o.paramLabel())).append("\\fR");
            }
            t.append('\n').append(text(String.join(" ", o.description()))).append('\n');
        }
        Map<String, CommandLine> subs = cl.getSubcommands();
        if (!subs.isEmpty()) {
            t.append(".SH COMMANDS\n");
            subs.forEach((name, sub) -> {
                if (!sub.getCommandSpec().usageMessage().hidden()) {
                    t.append(".TP\n\\fB").append(text(name)).append("\\fR\n")
                        .append(text(summary(sub.getCommandSpec()))).append(" See \\fB")
                        .append(text(pageName(sub.getCommandSpec()))).append("\\fR(1).\n");
                }
            });
        }
        t.append(".SH EXIT STATUS\n");
        for (String line : root.getCommandSpec().usageMessage().footer()) {
            if (!line.isBlank()) {
                t.append(text(line.strip().replaceFirst("^Exit codes: ", ""))).append('\n');
            }
        }
        t.append(".SH SEE ALSO\n");
        List<String> also = new ArrayList<>();
        if (spec.parent() != null) {
            also.add("\\fB" + text(pageName(spec.parent())) + "\\fR(1)");
        }
        also.add("\\fBip\\-link\\fR(8)");
        also.add("\\fBnmcli\\fR(1)");
        t.append(String.join(", ", also)).append('\n');
        return t.toString();
    }

    static String summary(CommandSpec spec) {
        String[] header = spec.usageMessage().header();
        String[] description = spec.usageMessage().description();
        return header.length > 0 ? header[0] : description.length > 0 ? description[0] : "";
    }

    /** picocli's synopsis on one line (no "Usage: "); troff does the wrapping. */
    private static String synopsis(CommandLine cl) {
        int width = cl.getUsageHelpWidth();
        cl.setUsageHelpWidth(1000);
        try {
            return cl.getHelp().synopsis(0).replaceAll("\\s+", " ").strip();
        } finally {
            cl.setUsageHelpWidth(width);
        }
    }

    private static String quote(String s) {
        return '"' + text(s).replace("\"", "\\(dq") + '"';
    }

    /** Text safe in a troff line: backslashes and hyphens escaped, no request at line start. */
    static String text(String s) {
        String t = s.replace("\\", "\\e").replace("-", "\\-");
        return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
    }
}
