package dev.mailroom.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The validation catches typos: each fixture in src/test/resources/invalid is one valid document with one mistake,
 * and its first line {@code # expect: <text>} names what the problem must mention.
 */
class InvalidManifestsTest {

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(Manifests.deployDir().resolve("src/test/resources/invalid"))) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            assertTrue(list.size() >= 10, "too few fixtures: " + list);
            return list.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void aTypoIsCaught(Path fixture) throws IOException {
        String text = Files.readString(fixture);
        assertTrue(text.startsWith("# expect: "), fixture + " must start with '# expect: <text>'");
        String expected = text.substring("# expect: ".length(), text.indexOf('\n')).trim();
        List<ObjectNode> docs = Manifests.parse(text);
        assertEquals(1, docs.size(), fixture + ": one document");
        List<String> problems = Overlays.validator().validate(docs.get(0));
        assertFalse(problems.isEmpty(), fixture.getFileName() + " passed validation");
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
                fixture.getFileName() + ": no problem mentions '" + expected + "': " + problems);
    }
}
