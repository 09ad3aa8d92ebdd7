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
import org.junit.jupiter.api.io.TempDir;
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
    void declaredVersionsAreFoundWhereEachEcosystemKeepsThem(@TempDir Path tmp) throws Exception {
        Path py = Files.createDirectories(tmp.resolve("python/src/mailroom"));
        Files.writeString(py.resolveSibling("../pyproject.toml"), "[build-system]\nrequires = [\"setuptools\"]\n"
                + "version = \"9.9\"\n\n[project]\nname = \"mailroom\"\nversion = \"0.1.0.dev0\"\n");
        Files.writeString(py.resolve("__init__.py"), "\"\"\"doc\"\"\"\n__version__ = \"0.1.0.dev1\"\n");
        assertEquals(Map.of("pyproject.toml", "0.1.0.dev0", "src/mailroom/__init__.py", "0.1.0.dev1"),
                Versions.pythonDeclared(tmp.resolve("python")));

        Path go = Files.createDirectories(tmp.resolve("go"));
        Files.writeString(go.resolve("client.go"), "package mailroom\n\n// Version of the SDK.\nconst Version = "
                + "\"0.1.0-SNAPSHOT\"\n");
        Files.writeString(go.resolve("client_test.go"), "package mailroom\nconst Version = \"test\"\n");
        assertEquals(Map.of("client.go", "0.1.0-SNAPSHOT"), Versions.goDeclared(go));

        Path java = Files.createDirectories(tmp.resolve("java"));
        Files.writeString(java.resolve("pom.xml"), "<project><parent><groupId>g</groupId><version>1.0.0</version>"
                + "</parent><artifactId>a</artifactId><dependencies><dependency><version>5</version></dependency>"
                + "</dependencies></project>");
        assertEquals("1.0.0", Versions.javaDeclared(java), "the parent's version when the module states none");
        Files.writeString(java.resolve("pom.xml"), "<project><parent><version>1.0.0</version></parent>"
                + "<version>2.0.0</version></project>");
        assertEquals("2.0.0", Versions.javaDeclared(java));
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
