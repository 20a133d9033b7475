package org.bondctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON output checked with real tools: Jackson's parser, and docs/*.schema.json by a 2020-12 validator. */
public final class JsonCheck {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static Schema show;
    private static Schema monitor;

    private JsonCheck() {}

    /** Parses one JSON document (the whole text: trailing garbage fails). */
    public static JsonNode parse(String text) {
        return MAPPER.readTree(text);
    }

    /** The validation errors of a document against docs/show.schema.json; empty when valid. */
    public static List<String> showSchemaErrors(String json) throws IOException {
        if (show == null) {
            show = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(Files.readString(Path.of("docs/show.schema.json")), InputFormat.JSON);
        }
        return show.validate(parse(json)).stream().map(Error::toString).toList();
    }

    /** The validation errors of one monitor --json line against docs/monitor.schema.json; empty when valid. */
    public static synchronized List<String> monitorSchemaErrors(String line) throws IOException {
        if (monitor == null) {
            monitor = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(Files.readString(Path.of("docs/monitor.schema.json")), InputFormat.JSON);
        }
        return monitor.validate(parse(line)).stream().map(Error::toString).toList();
    }

    /** Asserts that the output of show --json is valid against the schema. */
    public static void assertValidShow(String json) throws IOException {
        assertEquals(List.of(), showSchemaErrors(json), () -> "show --json against docs/show.schema.json:\n" + json);
    }
}
