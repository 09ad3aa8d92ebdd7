package dev.mailroom.sdks.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The Go SDK ({@code sdks/go}, module {@code github.com/mailroom-dev/mailroom/sdks/go}) with Debian's Go, from its
 * folder: {@code go vet ./...}, {@code go test ./...} (its live tests skip without {@code MAILROOM_LIVE=1}) and
 * {@code gofmt -l .} printing nothing. No module proxy ({@code GOPROXY=off}): standard library only. The build cache
 * and GOPATH live under {@code target/go}.
 */
class GoSdkTest {

    static final String MODULE = "github.com/mailroom-dev/mailroom/sdks/go";

    @Test
    void isAModuleOfTheStandardLibraryOnly() throws Exception {
        Path dir = Sdk.folder("go");
        Path mod = dir.resolve("go.mod");
        assertTrue(Files.isRegularFile(mod), "sdks/go/go.mod is missing");
        List<String> lines = Files.readAllLines(mod, StandardCharsets.UTF_8).stream().map(String::strip).toList();
        assertTrue(lines.contains("module " + MODULE), "sdks/go/go.mod: module " + MODULE + " expected: " + lines);
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("require")), "standard library only: " + lines);
    }

    @Test
    void vetPasses() throws Exception {
        Path dir = Sdk.folder("go");
        Sdk.passes("go-vet", dir, env(), Duration.ofMinutes(5), go(), "vet", "./...");
    }

    @Test
    void unitSuitePasses() throws Exception {
        Path dir = Sdk.folder("go");
        Sdk.passes("go-test", dir, env(), Duration.ofMinutes(8), go(), "test", "./...");
    }

    @Test
    void sourcesAreGofmtFormatted() throws Exception {
        Path dir = Sdk.folder("go");
        String gofmt = Sdk.tool("gofmt", "golang-go").toString();
        Sdk.Run r = Sdk.passes("go-fmt", dir, env(), Duration.ofMinutes(2), gofmt, "-l", ".");
        assertEquals("", r.output().strip(), "gofmt -l lists files that are not gofmt-formatted (run gofmt -w .)");
    }

    private static String go() {
        return Sdk.tool("go", "golang-go").toString();
    }

    /** Caches under target/go; modules from nowhere (GOPROXY=off); never live. */
    static Map<String, String> env() {
        Map<String, String> env = Sdk.unitEnv();
        Path go = Sdk.target().resolve("go");
        env.put("GOCACHE", go.resolve("cache").toString());
        env.put("GOPATH", go.resolve("path").toString());
        env.put("GOFLAGS", "-mod=mod");
        env.put("GOPROXY", "off");
        env.put("GOSUMDB", "off");
        env.put("GOTOOLCHAIN", "local");
        return env;
    }
}
