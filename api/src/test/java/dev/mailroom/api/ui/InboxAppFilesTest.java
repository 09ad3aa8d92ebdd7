package dev.mailroom.api.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The inbox app's files as the api serves them (ADR 0041): the pure modules' unit tests ({@code src/test/js}, Node's
 * own runner, nothing to install), and the rules a browser test would not catch at once: no script puts markup into
 * the page, {@code index.html} has no inline script or style (the CSP allows {@code 'self'} only), every module
 * imported and every file linked exists.
 */
class InboxAppFilesTest {

    private static final Path ROOT = Path.of("src/main/resources/META-INF/resources");
    private static final Path APP = ROOT.resolve("app");
    private static final Path UNITS = Path.of("src/test/js");
    private static final Pattern MARKUP_SINKS = Pattern.compile(
            "\\.(innerHTML|outerHTML)\\s*[+]?=|insertAdjacentHTML|document\\.write|createContextualFragment"
                    + "|DOMParser|\\beval\\s*\\(|new\\s+Function\\s*\\(|srcdoc");
    private static final Pattern IMPORT = Pattern.compile(
            "(?:import|export)\\s[^'\"]*?from\\s*['\"]([^'\"]+)['\"]|import\\s*\\(?\\s*['\"]([^'\"]+)['\"]");

    @Test
    void pureModulesPassTheirNodeUnitTests() throws Exception {
        List<String> command = new ArrayList<>(List.of("node", "--test"));
        try (Stream<Path> files = Files.list(UNITS)) {
            files.filter(p -> p.toString().endsWith(".test.mjs")).sorted().forEach(p -> command.add(p.toString()));
        }
        assertTrue(command.size() > 2, "no unit tests under " + UNITS);
        Path log = Files.createTempFile("inbox-app-units-", ".log");
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run 'node': Node.js 20+ must be on the PATH for the inbox app's unit"
                    + " tests (" + e.getMessage() + ")", e);
        }
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail("node --test did not finish in 120 s:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        assertEquals(0, p.exitValue(), "node --test failed:\n" + output);
        Matcher fails = Pattern.compile("(?m)^# fail (\\d+)").matcher(output);
        assertTrue(fails.find() && fails.group(1).equals("0"), "node --test reported failures:\n" + output);
    }

    @Test
    void noScriptPutsMarkupIntoThePage() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : appFiles(".js")) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String code = lines.get(i).replaceFirst("^\\s*//.*", "");
                if (MARKUP_SINKS.matcher(code).find()) {
                    found.add(file.getFileName() + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertTrue(found.isEmpty(), "data must reach the DOM as text (h(), textContent), never as markup:\n"
                + String.join("\n", found));
    }

    @Test
    void indexHtmlHasNoInlineScriptOrStyleAndEveryLinkedFileExists() throws IOException {
        String html = Files.readString(ROOT.resolve("index.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("<script type=\"module\" src=\"app/main.js\"></script>"), "index.html loads app/main.js");
        assertTrue(!Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(html).find(), "an inline <script>");
        assertTrue(!Pattern.compile("<style|\\sstyle=|\\son[a-z]+=", Pattern.CASE_INSENSITIVE).matcher(html).find(),
                "inline style or event handler attribute in index.html");
        Matcher refs = Pattern.compile("(?:src|href)=\"([^\"#:]+)\"").matcher(html);
        while (refs.find()) {
            assertTrue(Files.isRegularFile(ROOT.resolve(refs.group(1))), "index.html links a missing file: " + refs.group(1));
        }
    }

    @Test
    void everyImportedModuleExists() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path file : appFiles(".js")) {
            Matcher m = IMPORT.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (m.find()) {
                String target = m.group(1) != null ? m.group(1) : m.group(2);
                if (!target.startsWith("./") && !target.startsWith("../")) {
                    missing.add(file.getFileName() + " imports " + target + " (only relative modules of the app)");
                } else if (!Files.isRegularFile(file.getParent().resolve(target).normalize())) {
                    missing.add(file.getFileName() + " imports missing " + target);
                }
            }
        }
        assertTrue(missing.isEmpty(), String.join("\n", missing));
    }

    private static List<Path> appFiles(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(APP)) {
            List<Path> list = files.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
            assertTrue(!list.isEmpty(), "no " + suffix + " files under " + APP);
            return list;
        }
    }
}
