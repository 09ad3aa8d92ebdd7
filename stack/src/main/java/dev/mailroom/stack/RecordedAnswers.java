package dev.mailroom.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Real answers of the public operations another service serves and the api forwards, recorded by that service's own
 * REST tests for the api's contract test (ADR 0030): {@code api/src/test/resources/recorded-answers/<operationId>.json}.
 * The api's {@code ForwardedContractTest} parses each into the DTO its OpenAPI document declares, refusing unknown
 * fields; so an owner answering a field the document lacks, or naming one differently, fails the api's build.
 *
 * <p>A recording is rewritten only when the new answer has a member the recorded one lacks (values change every run;
 * shapes rarely), so the file in git shows when an owner's answer grew. Outside the reactor (no {@code api} module
 * next to the test's module) nothing is written.
 */
public final class RecordedAnswers {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RecordedAnswers() {
    }

    /** Records {@code answer}, the JSON body of operation {@code operationId}, when it shows something new. */
    public static synchronized void record(String operationId, String answer) {
        Path api = Path.of("").toAbsolutePath().resolveSibling("api");
        if (!Files.isRegularFile(api.resolve("pom.xml"))) {
            return;
        }
        Path dir = api.resolve("src/test/resources/recorded-answers");
        try {
            JsonNode fresh = JSON.readTree(answer);
            Path file = dir.resolve(operationId + ".json");
            if (Files.exists(file) && shape(JSON.readTree(file.toFile())).containsAll(shape(fresh))) {
                return;
            }
            Files.createDirectories(dir);
            Files.writeString(file, JSON.writeValueAsString(fresh) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the answer of " + operationId, e);
        }
    }

    /** The member paths of a JSON value, array positions collapsed: {@code items[].thread_id}. */
    static Set<String> shape(JsonNode node) {
        Set<String> out = new TreeSet<>();
        shape(node, "", out);
        return out;
    }

    private static void shape(JsonNode node, String path, Set<String> out) {
        if (node.isArray()) {
            node.forEach(item -> shape(item, path + "[]", out));
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> member = it.next();
                String at = path + "." + member.getKey();
                out.add(at);
                if (!Set.of("state", "payload").contains(member.getKey())) {
                    shape(member.getValue(), at, out);
                }
            }
        }
    }
}
