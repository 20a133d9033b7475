package org.bondctl.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README's "Use it from Java" block is SeedBondExample's code, word for word, and under 40 lines. */
class ReadmeExampleTest {
    @Test
    void readmeShowsTheCompiledExample() throws Exception {
        String src = Files.readString(Path.of("src/core/test/java/org/bondctl/example/SeedBondExample.java"));
        String code = src.substring(src.indexOf("// --- README example\n") + "// --- README example\n".length(),
                src.indexOf("// --- end of README example"));
        String readme = Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf("## Use it from Java"));
        String block = section.substring(section.indexOf("```java\n") + "```java\n".length(), section.indexOf("```\n", section.indexOf("```java\n") + 8));
        assertEquals(code, block);
        long lines = code.lines().filter(l -> !l.startsWith("import ") && !l.isBlank()).count();
        assertTrue(lines < 40, "the example has " + lines + " lines besides imports");
    }
}
