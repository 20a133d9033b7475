package org.bondctl.cli;

import java.util.ArrayList;
import java.util.List;
import org.bondctl.bond.options.BondSettings;
import picocli.CommandLine.Option;

/**
 * nmcli-style {@code -o "mode=1,miimon=100"} lists; the OPTION=VALUE words are the command's
 * own positional parameters (picocli indexes a mixin's positionals on their own).
 */
final class OptionArgs {
    @Option(names = {"-o", "--options"}, paramLabel = "LIST",
            description = "Comma-separated options, as nmcli's bond.options: \"mode=active-backup,miimon=100\".")
    List<String> lists = new ArrayList<>();

    BondSettings settings(List<String> words) {
        List<String> all = new ArrayList<>(words);
        all.addAll(lists);
        all.removeIf(w -> w.startsWith("mtu="));
        return BondSettings.parse(all);
    }

    /**
     * The bond's MTU given as an {@code mtu=N} word among the options (0: none). Not a bond
     * option, but where a user tries it first ({@code bondctl set bond0 mtu=9000}).
     */
    int mtu(String op, List<String> words) {
        int mtu = 0;
        for (String w : words) {
            if (w.startsWith("mtu=")) {
                if (mtu != 0) {
                    throw org.bondctl.error.BondctlException.invalid(op + ": mtu is given twice");
                }
                mtu = MtuCommand.parse(op, w.substring(4));
            }
        }
        return mtu;
    }
}
