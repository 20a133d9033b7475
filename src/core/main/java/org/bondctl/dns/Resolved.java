package org.bondctl.dns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bondctl.error.BondctlException;

/**
 * Per-link DNS through systemd-resolved, for hosts whose /etc/resolv.conf is resolved's: a
 * symbolic link to its stub (../run/systemd/resolve/stub-resolv.conf) or to its list of
 * upstream servers (/run/systemd/resolve/resolv.conf). Writing the file there would replace
 * resolved's link (issue 12) and be undone by it; instead the servers and domains are set on
 * the link, as NetworkManager and systemd-networkd do, with {@code resolvectl dns|domain IFNAME
 * ...} (resolved's D-Bus methods SetLinkDNS and SetLinkDomains; resolvectl(1)), and read back
 * the same way for the inverse.
 */
public final class Resolved {
    /** Where resolved keeps the files /etc/resolv.conf links to (resolved.conf(5), "/etc/resolv.conf"). */
    private static final Path RUN = Path.of("/run/systemd/resolve");
    private static final long TIMEOUT_S = 30;

    /** A link's DNS in resolved: servers and domains as resolvectl prints them ("~example.com" routes only). */
    public record LinkDns(List<String> servers, List<String> domains) {
        public LinkDns {
            servers = List.copyOf(servers);
            domains = List.copyOf(domains);
        }
    }

    private Resolved() {}

    /** Whether {@code resolvConf} is a symbolic link to one of resolved's files. */
    public static boolean owns(Path resolvConf) {
        if (!Files.isSymbolicLink(resolvConf)) {
            return false;
        }
        try {
            Path target = resolvConf.toAbsolutePath().getParent().resolve(Files.readSymbolicLink(resolvConf)).normalize();
            return target.getParent() != null && target.getParent().equals(RUN);
        } catch (IOException e) {
            return false;
        }
    }

    /** The link's servers and domains. Equivalent to: {@code resolvectl dns IFNAME; resolvectl domain IFNAME}. */
    public static LinkDns read(String ifname) {
        return new LinkDns(words(run("dns", ifname, null)), words(run("domain", ifname, null)));
    }

    /**
     * Sets the link's servers and domains (empty lists clear them). Equivalent to:
     * {@code resolvectl dns IFNAME SERVER...; resolvectl domain IFNAME DOMAIN...}.
     */
    public static void set(String ifname, LinkDns dns) {
        // resolved learns of a link from rtnetlink on its own: one created a moment ago (a plan
        // that adds a bond, then its DNS) may not be known to it yet
        for (int attempt = 1; ; attempt++) {
            try {
                run("dns", ifname, dns.servers());
                run("domain", ifname, dns.domains());
                return;
            } catch (BondctlException e) {
                if (attempt >= 20) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Every link's servers and domains, by interface name. Equivalent to: {@code resolvectl dns; resolvectl domain}. */
    public static java.util.Map<String, LinkDns> readAll() {
        java.util.Map<String, List<String>> servers = perLink(run("dns", null, null));
        java.util.Map<String, List<String>> domains = perLink(run("domain", null, null));
        java.util.Map<String, LinkDns> out = new java.util.TreeMap<>();
        servers.forEach((k, v) -> out.put(k, new LinkDns(v, domains.getOrDefault(k, List.of()))));
        domains.forEach((k, v) -> out.putIfAbsent(k, new LinkDns(List.of(), v)));
        return out;
    }

    /** "Link 5 (bond0): a b" lines -> bond0: [a, b]; the Global line is left out. */
    private static java.util.Map<String, List<String>> perLink(String out) {
        java.util.Map<String, List<String>> m = new java.util.LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int open = line.indexOf(" (");
            int close = line.indexOf("):");
            if (line.startsWith("Link ") && open > 0 && close > open) {
                m.put(line.substring(open + 2, close), words(line));
            }
        }
        return m;
    }

    /** "Link 5 (bond0): 192.0.2.53 2001:db8::53" -> the words after the colon. */
    static List<String> words(String out) {
        List<String> w = new ArrayList<>();
        for (String line : out.split("\n")) {
            int colon = line.indexOf("):");
            if (line.startsWith("Link ") && colon > 0) {
                for (String s : line.substring(colon + 2).strip().split("\\s+")) {
                    if (!s.isEmpty()) {
                        w.add(s);
                    }
                }
            }
        }
        return w;
    }

    /** resolvectl VERB IFNAME [VALUE...]; values null: read; empty: clear (resolvectl takes one empty argument so). */
    private static String run(String verb, String ifname, List<String> values) {
        List<String> cmd = new ArrayList<>(List.of("resolvectl", verb));
        if (ifname != null) {
            cmd.add(ifname);
        }
        if (values != null) {
            cmd.addAll(values.isEmpty() ? List.of("") : values);
        }
        String what = String.join(" ", cmd).strip();
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new BondctlException(BondctlException.Kind.UNAVAILABLE, what + ": systemd-resolved owns /etc/resolv.conf,"
                    + " but resolvectl cannot be run (" + e.getMessage() + ")");
        }
        try {
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new BondctlException(BondctlException.Kind.UNAVAILABLE, what + ": no answer from systemd-resolved in "
                        + TIMEOUT_S + " s");
            }
            if (p.exitValue() != 0) {
                String reason = out.strip().isEmpty() ? "exit " + p.exitValue() : out.strip().lines().findFirst().orElse("");
                throw new BondctlException(BondctlException.Kind.UNAVAILABLE, what + ": " + reason);
            }
            return out;
        } catch (IOException | InterruptedException e) {
            p.destroyForcibly();
            throw new BondctlException(BondctlException.Kind.UNAVAILABLE, what + ": " + e);
        }
    }
}
