package dev.mailroom.sdks.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The TypeScript SDK ({@code sdks/typescript}, npm {@code @mailroom/sdk}) with its own tools, from its folder:
 * {@code node --test test/unit/}, {@code npm ci} + {@code npm run typecheck} when package.json has that script, and
 * {@code npm pack --dry-run}. Needs Node.js 18+ and npm ({@code apt-get install nodejs npm}).
 */
class TypeScriptSdkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void unitSuitePasses() throws Exception {
        Path dir = Sdk.folder("typescript");
        Path node = Sdk.tool("node", "nodejs");
        assertTrue(Files.isDirectory(dir.resolve("test/unit")), "sdks/typescript/test/unit is missing");
        Sdk.passes("typescript-unit", dir, Sdk.unitEnv(), Duration.ofMinutes(5), node.toString(), "--test",
                "test/unit/");
    }

    @Test
    void typecheckPassesWhenThePackageHasOne() throws Exception {
        Path dir = Sdk.folder("typescript");
        JsonNode pkg = packageJson(dir);
        Assumptions.assumeTrue(pkg.path("scripts").has("typecheck"),
                "sdks/typescript/package.json has no typecheck script");
        Path npm = Sdk.tool("npm", "npm");
        assertTrue(Files.isRegularFile(dir.resolve("package-lock.json")),
                "sdks/typescript has a typecheck but no package-lock.json for npm ci");
        Sdk.passes("typescript-npm-ci", dir, Sdk.unitEnv(), Duration.ofMinutes(5), npm.toString(), "ci",
                "--no-audit", "--no-fund");
        Sdk.passes("typescript-typecheck", dir, Sdk.unitEnv(), Duration.ofMinutes(5), npm.toString(), "run",
                "typecheck");
    }

    @Test
    void packsATarballWithTheReactorVersionAndNoRuntimeDependency() throws Exception {
        Path dir = Sdk.folder("typescript");
        Path npm = Sdk.tool("npm", "npm");
        JsonNode pkg = packageJson(dir);
        assertEquals("@mailroom/sdk", pkg.path("name").asText(), "the npm package's name");
        assertTrue(pkg.path("dependencies").isEmpty(), "zero runtime dependencies, package.json has: "
                + pkg.path("dependencies"));

        Sdk.Run pack = Sdk.passes("typescript-pack", dir, Sdk.unitEnv(), Duration.ofMinutes(3), npm.toString(),
                "pack", "--dry-run", "--json");
        String out = pack.output();
        int start = out.indexOf("[\n");
        if (start < 0) {
            start = out.indexOf('[');
        }
        JsonNode packed = JSON.readTree(out.substring(start, out.lastIndexOf(']') + 1)).path(0);
        assertEquals(Versions.npm(Sdk.reactorVersion()), packed.path("version").asText(), "the tarball's version");
        assertTrue(packed.path("filename").asText().endsWith(".tgz"), packed.toString());
        List<String> files = new ArrayList<>();
        packed.path("files").forEach(f -> files.add(f.path("path").asText()));
        for (String expected : List.of("package.json", "README.md", "CHANGELOG.md")) {
            assertTrue(files.contains(expected), "the tarball lacks " + expected + ": " + files);
        }
        assertTrue(files.stream().noneMatch(f -> f.startsWith("node_modules/")), "node_modules packed: " + files);
        for (String entry : entryPoints(pkg)) {
            String file = entry.startsWith("./") ? entry.substring(2) : entry;
            assertTrue(files.contains(file), "package.json names " + entry + " but the tarball lacks it: " + files);
        }
    }

    /** The files package.json points at (main, types, module, exports' strings). */
    private static List<String> entryPoints(JsonNode pkg) {
        List<String> out = new ArrayList<>();
        for (String field : List.of("main", "module", "types", "typings")) {
            if (pkg.path(field).isTextual()) {
                out.add(pkg.path(field).asText());
            }
        }
        collect(pkg.path("exports"), out);
        return out.stream().filter(e -> !e.contains("*")).distinct().toList();
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isContainerNode()) {
            node.forEach(child -> collect(child, out));
        }
    }

    static JsonNode packageJson(Path dir) throws java.io.IOException {
        Path file = dir.resolve("package.json");
        if (!Files.isRegularFile(file)) {
            fail("sdks/typescript/package.json is missing");
        }
        return JSON.readTree(file.toFile());
    }
}
