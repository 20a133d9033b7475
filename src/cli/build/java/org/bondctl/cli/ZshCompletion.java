package org.bondctl.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * zsh completion (a #compdef function for fpath) from the picocli model: one function per
 * command, `_arguments` with every option and its description, subcommands through
 * `_describe`, interface names for IFNAME/BOND/PORT arguments, files for FILE/PATH/DIR.
 * picocli's own script serves bash; in zsh it would need bashcompinit and set options in the
 * user's shell, so zsh gets its native form. Build time only (BuildDocs).
 */
final class ZshCompletion {
    private ZshCompletion() {}

    static String render(CommandLine root) {
        StringBuilder z = new StringBuilder();
        z.append("#compdef bondctl\n");
        z.append("# zsh completion for bondctl, generated at build time from its command model (src/build/java).\n");
        function(root, z);
        z.append("\n_bondctl \"$@\"\n");
        return z.toString();
    }

    private static String functionName(CommandSpec spec) {
        return "_" + spec.qualifiedName("_").replace('-', '_');
    }

    private static void function(CommandLine cl, StringBuilder z) {
        CommandSpec spec = cl.getCommandSpec();
        List<CommandLine> subs = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            if (!e.getValue().getCommandSpec().usageMessage().hidden()) {
                subs.add(e.getValue());
            }
        }
        z.append('\n').append(functionName(spec)).append("() {\n");
        z.append("  local curcontext=\"$curcontext\" state line\n  typeset -A opt_args\n");
        z.append("  _arguments -s -S -C");
        for (OptionSpec o : spec.options()) {
            if (!o.hidden()) {
                z.append(" \\\n    ").append(option(o));
            }
        }
        if (subs.isEmpty()) {
            for (PositionalParamSpec p : spec.positionalParameters()) {
                if (!p.hidden()) {
                    z.append(" \\\n    ").append(positional(p));
                }
            }
            z.append('\n');
        } else {
            z.append(" \\\n    '1: :->command' \\\n    '*:: :->args'\n");
            z.append("  case $state in\n    command)\n      local -a commands=(\n");
            for (CommandLine sub : subs) {
                CommandSpec s = sub.getCommandSpec();
                z.append("        ").append(quote(s.name().replace(":", "\\:") + ":" + ManPage.summary(s))).append('\n');
            }
            z.append("      )\n      _describe -t commands ").append(quote(spec.qualifiedName() + " command"))
                .append(" commands ;;\n    args)\n      case $line[1] in\n");
            for (CommandLine sub : subs) {
                z.append("        ").append(sub.getCommandSpec().name()).append(") ")
                    .append(functionName(sub.getCommandSpec())).append(" ;;\n");
            }
            z.append("      esac ;;\n  esac\n");
        }
        z.append("}\n");
        for (CommandLine sub : subs) {
            function(sub, z);
        }
    }

    /** '(-h --help)'{-h,--help}'[Show help.]' or '--netns=[Work inside ...]:NAME:_files'. */
    private static String option(OptionSpec o) {
        String[] names = o.names();
        boolean takesValue = o.arity().max() > 0;
        String help = "[" + bracketText(String.join(" ", o.description())) + "]";
        String value = takesValue ? ":" + o.paramLabel().replace(":", "\\:") + ":" + action(o) : "";
        String repeat = o.isMultiValue() ? "*" : "";
        if (names.length == 1) {
            return quote(repeat + names[0] + (takesValue ? "=" : "") + help + value);
        }
        String exclusive = o.isMultiValue() ? "" : "(" + String.join(" ", names) + ")";
        StringBuilder each = new StringBuilder();
        for (String n : names) {
            each.append(each.length() == 0 ? "" : ",").append(n).append(takesValue ? "=" : "");
        }
        return quote(repeat.isEmpty() ? exclusive : "*") + "{" + each + "}" + quote(help + value);
    }

    private static String positional(PositionalParamSpec p) {
        String label = p.paramLabel().replace(":", "\\:");
        return quote((p.isMultiValue() ? "*" : "") + ":" + label + ":" + action(p));
    }

    /** What a value is completed with: its fixed candidates, interfaces, files, or nothing. */
    private static String action(ArgSpec a) {
        Iterable<String> candidates = a.completionCandidates();
        if (candidates != null) {
            List<String> values = new ArrayList<>();
            candidates.forEach(c -> values.add(c.replace(" ", "\\ ").replace(")", "\\)")));
            if (!values.isEmpty()) {
                return "(" + String.join(" ", values) + ")";
            }
        }
        if (a.paramLabel().matches("[a-z0-9-]+(\\|[a-z0-9-]+)+")) { // keyfile|ifcfg: the values themselves
            return "(" + a.paramLabel().replace('|', ' ') + ")";
        }
        String label = a.paramLabel().replaceAll("[^A-Za-z]", "").toUpperCase();
        if (label.contains("IFNAME") || label.equals("BOND") || label.startsWith("PORT") || label.equals("BONDS")) {
            return "_net_interfaces";
        }
        if (label.contains("FILE") || label.contains("PATH") || label.equals("DIR")) {
            return label.equals("DIR") ? "_files -/" : "_files";
        }
        // free text: say what is wanted, but leave a word starting with '-' to the options
        // (a bare message would make zsh list "--fo" as text and options alike, completing neither)
        return "_guard \"^-*\" " + a.paramLabel().replaceAll("[^A-Za-z0-9|._-]", "_");
    }

    /** Text inside an _arguments [description]: brackets escaped. */
    private static String bracketText(String s) {
        return s.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]");
    }

    /** A single-quoted zsh word. */
    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
