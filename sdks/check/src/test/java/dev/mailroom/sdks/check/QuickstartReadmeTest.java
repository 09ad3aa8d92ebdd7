package dev.mailroom.sdks.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each SDK's README quickstart is one the quickstart check can copy: {@code sdks/quickstart-check --extract-only}
 * finds a {@code ## Quickstart} section with a program block in the SDK's language. Running it against a stack is
 * e2e's job (SdkScenario).
 */
class QuickstartReadmeTest {

    @ParameterizedTest
    @ValueSource(strings = {"typescript", "python", "go", "java"})
    void readmeQuickstartHasAProgramTheCheckCanCopy(String sdk) throws Exception {
        Sdk.folder(sdk);
        Sdk.passes("quickstart-" + sdk, Sdk.sdks(), Sdk.unitEnv(), Duration.ofMinutes(1), "bash",
                Sdk.sdks().resolve("quickstart-check").toString(), "--extract-only", "--work",
                Sdk.target().resolve("quickstart").toString(), sdk);
    }

    @Test
    void theProgramIsTheFirstBlockInTheSdksLanguageUnderQuickstartCopiedVerbatim(@TempDir Path tmp) throws Exception {
        Path sdks = copyOfTheScript(tmp);
        write(sdks.resolve("go/README.md"), """
                # Go

                ```go
                package before
                ```

                ## Quickstart

                    go mod edit -replace github.com/mailroom-dev/mailroom/sdks/go=../mailroom/sdks/go

                ```sh
                go run .
                ```

                ```go
                package main

                func main() {
                \tprintln("```not a fence")
                }
                ```

                ```go
                package second
                ```

                ## More

                ```go
                package after
                ```
                """);
        Sdk.Run r = Sdk.passes("quickstart-parser", sdks, Sdk.unitEnv(), Duration.ofMinutes(1), "bash",
                sdks.resolve("quickstart-check").toString(), "--extract-only", "--work", tmp.resolve("w").toString(),
                "go");
        assertTrue(r.output().contains("blocks/02.go"), r.output());
        assertEquals("package main\n\nfunc main() {\n\tprintln(\"```not a fence\")\n}\n",
                Files.readString(tmp.resolve("w/go/blocks/02.go"), StandardCharsets.UTF_8));
        assertTrue(r.output().contains("go mod edit -replace"), "the install steps are shown: " + r.output());
        assertTrue(!r.output().contains("warning"), r.output());
    }

    @Test
    void aReadmeWithoutAQuickstartProgramFailsTheCheckNamingWhy(@TempDir Path tmp) throws Exception {
        Path sdks = copyOfTheScript(tmp);
        write(sdks.resolve("python/README.md"), "# Python\n\n## Quickstart\n\n```sh\npip install x\n```\n\n"
                + "## Usage\n\n```python\nimport mailroom\n```\n");
        write(sdks.resolve("java/README.md"), "# Java\n\n## Usage\n\n```java\nclass A {}\n```\n");
        Sdk.Run python = Sdk.run("quickstart-parser-python", sdks, Sdk.unitEnv(), Duration.ofMinutes(1), "bash",
                sdks.resolve("quickstart-check").toString(), "--extract-only", "--work", tmp.resolve("w").toString(),
                "python");
        assertNotEquals(0, python.exitCode(), python.output());
        assertTrue(python.output().contains("no code block tagged python"), python.output());
        Sdk.Run java = Sdk.run("quickstart-parser-java", sdks, Sdk.unitEnv(), Duration.ofMinutes(1), "bash",
                sdks.resolve("quickstart-check").toString(), "--extract-only", "--work", tmp.resolve("w").toString(),
                "java");
        assertNotEquals(0, java.exitCode(), java.output());
        assertTrue(java.output().contains("no fenced code block under a '## Quickstart' heading"), java.output());
    }

    private static Path copyOfTheScript(Path tmp) throws java.io.IOException {
        Path sdks = Files.createDirectories(tmp.resolve("sdks"));
        Files.copy(Sdk.sdks().resolve("quickstart-check"), sdks.resolve("quickstart-check"));
        return sdks;
    }

    private static void write(Path file, String text) throws java.io.IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
