package org.bondctl.nmcli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pretty device details as NetworkManager 1.42's nmcli prints them (seen in the test bed):
 * without -f a rule after each GENERAL field and after the IP4 group; with -f GENERAL one rule
 * after them all.
 */
class OutputPrettyTest {
    private static String device(List<String> fields) {
        StringWriter w = new StringWriter();
        Output o = new Output(new PrintWriter(w), new Output.Style(false, true, null, fields, false, true));
        Map<String, String> v = new LinkedHashMap<>();
        v.put("GENERAL.DEVICE", "bond0");
        v.put("GENERAL.TYPE", "bond");
        v.put("IP4.ADDRESS[1]", "192.0.2.10/24");
        v.put("IP4.GATEWAY", "--");
        o.record("Device details (bond0)", List.copyOf(v.keySet()), List.copyOf(v.keySet()), v, List.of("IP4.ADDRESS"));
        return w.toString();
    }

    @Test
    void generalFieldsApartUnlessAskedForAsAGroup() {
        String rule = "=".repeat(79) + "\n";
        String dash = "-".repeat(79) + "\n";
        String head = rule + " ".repeat(28) + "Device details (bond0)\n" + rule;
        assertEquals(head + "GENERAL.DEVICE:                         bond0\n" + dash
                + "GENERAL.TYPE:                           bond\n" + dash
                + "IP4.ADDRESS[1]:                         192.0.2.10/24\n"
                + "IP4.GATEWAY:                            --\n" + dash, device(null));
        assertEquals(head + "GENERAL.DEVICE:                         bond0\n"
                + "GENERAL.TYPE:                           bond\n" + dash, device(List.of("GENERAL")));
    }
}
