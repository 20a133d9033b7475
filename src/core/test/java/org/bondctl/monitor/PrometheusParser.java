package org.bondctl.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Parses exposition text with the Prometheus project's own parsers: client_python's
 * {@code prometheus_client.parser} (text format 0.0.4) and its strict
 * {@code prometheus_client.openmetrics.parser} (OpenMetrics 1.0), from Debian's
 * python3-prometheus-client (scripts/install-deps.sh). The Java client writes but cannot
 * parse, and the Java parsers there are one-off projects; client_python's are maintained with
 * the format. Output, one line per sample: {@code name|label="value",...|value}, labels sorted,
 * values as JSON strings; a parse error fails the test with the parser's message.
 */
final class PrometheusParser {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String SCRIPT = """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families as text
            from prometheus_client.openmetrics.parser import text_string_to_metric_families as om
            data = sys.stdin.read()
            parse = om if sys.argv[1] == 'openmetrics' else text
            for f in parse(data):
                print('# ' + f.name + ' ' + f.type)
                for s in f.samples:
                    labels = ','.join(k + '=' + json.dumps(v) for k, v in sorted(s.labels.items()))
                    print(s.name + '|' + labels + '|' + repr(float(s.value)))
            """;

    private PrometheusParser() {}

    /** The samples of {@code body}, parsed as {@code format} ("text" or "openmetrics"). */
    static List<String> parse(String body, String format) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(PYTHON), PYTHON + " is missing: run scripts/install-deps.sh");
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", SCRIPT, format).start();
        try (var in = p.getOutputStream()) {
            in.write(body.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), () -> format + " parser rejected the exposition:\n" + err + "\n--- input\n" + body);
        return out.lines().toList();
    }
}
