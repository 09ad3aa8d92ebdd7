package dev.mailroom.contract;

import java.io.IOException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON codec of every versioned record. Unknown fields are ignored (a newer producer may add fields); a
 * missing or higher major version {@code "v"} is refused, so a consumer never half-understands a record.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private Json() {
    }

    /** The shared mapper, for code that needs a tree (e.g. agent state). Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] encode(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Decodes a versioned record.
     *
     * @param maxVersion the highest {@code "v"} the caller understands
     * @throws ContractException {@code undecodable-json} or {@code unsupported-version}
     */
    public static <T> T decode(byte[] bytes, Class<T> type, int maxVersion) {
        if (bytes == null) {
            throw new ContractException("undecodable-json", "record has no value");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new ContractException("undecodable-json", "not JSON: " + rootMessage(e));
        }
        if (tree == null || !tree.isObject()) {
            throw new ContractException("undecodable-json", "not a JSON object");
        }
        JsonNode v = tree.get("v");
        if (v == null || !v.canConvertToInt() || v.asInt() < 1 || v.asInt() > maxVersion) {
            throw new ContractException("unsupported-version",
                    type.getSimpleName() + " version " + v + " not supported (max " + maxVersion + ")");
        }
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new ContractException("undecodable-json",
                    "invalid " + type.getSimpleName() + ": " + rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
