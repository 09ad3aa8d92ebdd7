package dev.mailroom.sdks.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The version rule (sdks/README.md): every SDK follows the server's (the reactor's) version, written the way its
 * ecosystem wants it — npm, Go and Maven as is ({@code 0.1.0-SNAPSHOT}, a valid semver prerelease), Python per PEP 440
 * ({@code 0.1.0.dev0}); and where each SDK declares it.
 */
final class Versions {

    private static final Pattern RELEASE = Pattern.compile("\\d+\\.\\d+\\.\\d+");

    private Versions() {
    }

    static String npm(String reactor) {
        return reactor;
    }

    static String go(String reactor) {
        return reactor;
    }

    static String java(String reactor) {
        return reactor;
    }

    /** {@code X.Y.Z-SNAPSHOT} → {@code X.Y.Z.dev0}; {@code X.Y.Z} stays. */
    static String python(String reactor) {
        String base = reactor.endsWith("-SNAPSHOT") ? reactor.substring(0, reactor.length() - "-SNAPSHOT".length())
                : reactor;
        if (!RELEASE.matcher(base).matches()) {
            throw new IllegalArgumentException("no PEP 440 mapping for the reactor version " + reactor);
        }
        return base.equals(reactor) ? base : base + ".dev0";
    }

    /** Every version the Python SDK declares, by file: pyproject.toml's, {@code __version__} in the package. */
    static Map<String, String> pythonDeclared(Path dir) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        Path pyproject = dir.resolve("pyproject.toml");
        if (Files.isRegularFile(pyproject)) {
            String section = "";
            for (String line : Files.readAllLines(pyproject, StandardCharsets.UTF_8)) {
                String t = line.strip();
                if (t.startsWith("[")) {
                    section = t;
                }
                Matcher m = Pattern.compile("^version\\s*=\\s*[\"']([^\"']+)[\"']").matcher(t);
                if ("[project]".equals(section) && m.find()) {
                    out.put("pyproject.toml", m.group(1));
                }
            }
        }
        for (String file : List.of("mailroom/__init__.py", "mailroom/_version.py", "mailroom/version.py",
                "src/mailroom/__init__.py", "src/mailroom/_version.py", "src/mailroom/version.py")) {
            find(dir.resolve(file), "(?m)^__version__\\s*(?::\\s*str\\s*)?=\\s*[\"']([^\"']+)[\"']")
                    .ifPresent(v -> out.put(file, v));
        }
        return out;
    }

    /** Every {@code Version = "..."} constant in the Go package's (non-test) files, by file. */
    static Map<String, String> goDeclared(Path dir) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".go") && !p.toString().endsWith("_test.go"))
                    .sorted().toList()) {
                find(f, "(?m)^\\s*(?:const\\s+)?Version\\s*(?:string\\s*)?=\\s*\"([^\"]+)\"")
                        .ifPresent(v -> out.put(f.getFileName().toString(), v));
            }
        }
        return out;
    }

    /** The Java SDK module's version: its pom's own {@code <version>}, else its parent's. */
    static String javaDeclared(Path dir) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element project = factory.newDocumentBuilder().parse(dir.resolve("pom.xml").toFile()).getDocumentElement();
        String own = child(project, "version");
        if (own != null) {
            return own;
        }
        for (Node n = project.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "parent".equals(e.getTagName())) {
                return child(e, "version");
            }
        }
        return null;
    }

    private static String child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getTagName())) {
                return e.getTextContent().strip();
            }
        }
        return null;
    }

    private static java.util.Optional<String> find(Path file, String regex) throws IOException {
        if (!Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        Matcher m = Pattern.compile(regex).matcher(Files.readString(file, StandardCharsets.UTF_8));
        return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }
}
