package dev.mailroom.sdks.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Versions aligned with the server: each SDK declares the reactor's version in its ecosystem's form (npm, Go and
 * Maven as is, Python per PEP 440), and each has a README.md with a {@code ## Quickstart} and a CHANGELOG.md with a
 * heading for that version.
 */
class SdkVersionsTest {

    @Test
    void reactorVersionsMapToPep440() {
        assertEquals("0.1.0.dev0", Versions.python("0.1.0-SNAPSHOT"));
        assertEquals("1.2.3", Versions.python("1.2.3"));
        assertEquals("0.1.0-SNAPSHOT", Versions.npm("0.1.0-SNAPSHOT"));
        assertThrows(IllegalArgumentException.class, () -> Versions.python("1.2-beta"));
    }

    @Test
    void typeScriptDeclaresTheReactorsVersion() throws Exception {
        Path dir = Sdk.folder("typescript");
        assertEquals(Versions.npm(Sdk.reactorVersion()), TypeScriptSdkTest.packageJson(dir).path("version").asText(),
                "sdks/typescript/package.json's version");
    }

    @Test
    void pythonDeclaresTheReactorsVersionInPep440Form() throws Exception {
        Path dir = Sdk.folder("python");
        Map<String, String> declared = Versions.pythonDeclared(dir);
        assertFalse(declared.isEmpty(), "sdks/python declares no version (pyproject.toml [project] version, or "
                + "__version__ in [src/]mailroom/__init__.py or _version.py)");
        String expected = Versions.python(Sdk.reactorVersion());
        declared.forEach((file, version) -> assertEquals(expected, version, "sdks/python/" + file + "'s version"));
    }

    @Test
    void goDeclaresTheReactorsVersion() throws Exception {
        Path dir = Sdk.folder("go");
        Map<String, String> declared = Versions.goDeclared(dir);
        assertFalse(declared.isEmpty(), "sdks/go declares no const Version = \"...\"");
        String expected = Versions.go(Sdk.reactorVersion());
        declared.forEach((file, version) -> assertEquals(expected, version, "sdks/go/" + file + "'s Version"));
    }

    @Test
    void javaIsBuiltWithTheReactorsVersion() throws Exception {
        Path dir = Sdk.folder("java");
        assertEquals(Versions.java(Sdk.reactorVersion()), Versions.javaDeclared(dir), "sdks/java/pom.xml's version");
    }

    @ParameterizedTest
    @ValueSource(strings = {"typescript", "python", "go", "java"})
    void everySdkHasAReadmeWithAQuickstartAndAChangelogForItsVersion(String sdk) throws Exception {
        Path dir = Sdk.folder(sdk);
        Path readme = dir.resolve("README.md");
        assertTrue(Files.isRegularFile(readme), "sdks/" + sdk + "/README.md is missing");
        List<String> headings = Files.readAllLines(readme, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("## ")).map(String::strip).toList();
        assertTrue(headings.contains("## Quickstart"), "sdks/" + sdk + "/README.md has no '## Quickstart' heading: "
                + headings);
        if (!"## Quickstart".equals(headings.get(0))) {
            System.out.println("sdk-check: sdks/" + sdk + "/README.md: the quickstart is not its first section: "
                    + headings);
        }

        Path changelog = dir.resolve("CHANGELOG.md");
        assertTrue(Files.isRegularFile(changelog), "sdks/" + sdk + "/CHANGELOG.md is missing");
        String reactor = Sdk.reactorVersion();
        List<String> accepted = "python".equals(sdk) ? List.of(reactor, Versions.python(reactor)) : List.of(reactor);
        List<String> versionHeadings = Files.readAllLines(changelog, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("## ")).toList();
        assertTrue(versionHeadings.stream().anyMatch(h -> accepted.stream().anyMatch(v -> h.matches(
                "##\\s+\\[?" + java.util.regex.Pattern.quote(v) + "\\]?(\\s.*)?"))),
                "sdks/" + sdk + "/CHANGELOG.md has no '## " + accepted.get(0) + "' heading: " + versionHeadings);
    }
}
