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
        return BondSettings.parse(all);
    }
}
