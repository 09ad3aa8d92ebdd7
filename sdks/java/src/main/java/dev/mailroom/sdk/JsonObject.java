package dev.mailroom.sdk;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A decoded JSON object, read-only, with the wire's snake_case keys ({@code thread_id}, {@code next_page_token}).
 * Answers the SDK does not map to a record of its own come as a {@code JsonObject}; every record also keeps its
 * {@code JsonObject} ({@code json()}) so fields added to the API later are never lost. Values are what
 * {@link #get(String)} returns: {@code Map}, {@code List}, {@code String}, {@code Long}, {@code BigDecimal},
 * {@code Boolean} or {@code null}; the typed getters convert and return {@code null} when the key is absent.
 */
public final class JsonObject {

    private static final JsonObject EMPTY = new JsonObject(Map.of());

    private final Map<String, Object> map;

    private JsonObject(Map<String, Object> map) {
        this.map = map;
    }

    static JsonObject wrap(Map<String, Object> map) {
        return map == null ? EMPTY : new JsonObject(map);
    }

    /** An empty object. */
    public static JsonObject empty() {
        return EMPTY;
    }

    /** A copy of {@code map} (values as {@link Json} writes them); for building request bodies or tests. */
    public static JsonObject of(Map<String, ?> map) {
        return Json.parseObject(Json.write(map));
    }

    /** Parses {@code json}, which must be one JSON object. */
    public static JsonObject parse(String json) {
        return Json.parseObject(json);
    }

    public boolean has(String key) {
        return map.containsKey(key) && map.get(key) != null;
    }

    public Object get(String key) {
        return map.get(key);
    }

    public Set<String> keys() {
        return map.keySet();
    }

    public String string(String key) {
        Object v = map.get(key);
        return v == null ? null : v instanceof String s ? s : String.valueOf(v);
    }

    public Long longValue(String key) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof BigDecimal d) {
            return d.longValueExact();
        }
        if (v instanceof String s) {
            return Long.parseLong(s);
        }
        throw new IllegalStateException(key + " is not a number");
    }

    public Integer intValue(String key) {
        Long l = longValue(key);
        return l == null ? null : Math.toIntExact(l);
    }

    public Boolean bool(String key) {
        Object v = map.get(key);
        return v == null ? null : v instanceof Boolean b ? b : Boolean.valueOf(String.valueOf(v));
    }

    /** An RFC 3339 time, as an {@link Instant}; {@code null} when absent. */
    public Instant instant(String key) {
        String s = string(key);
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(s).toInstant();
        }
    }

    /** A nested object; an empty one when absent. */
    public JsonObject object(String key) {
        Object v = map.get(key);
        return v instanceof Map<?, ?> m ? wrap(Json.cast(m)) : EMPTY;
    }

    /** A nested array as it was decoded; an empty list when absent. */
    @SuppressWarnings("unchecked")
    public List<Object> array(String key) {
        Object v = map.get(key);
        return v instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** A nested array of objects; an empty list when absent. */
    public List<JsonObject> objects(String key) {
        List<JsonObject> out = new ArrayList<>();
        for (Object o : array(key)) {
            out.add(o instanceof Map<?, ?> m ? wrap(Json.cast(m)) : EMPTY);
        }
        return Collections.unmodifiableList(out);
    }

    /** A nested array of strings; an empty list when absent. */
    public List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        for (Object o : array(key)) {
            out.add(o == null ? null : String.valueOf(o));
        }
        return Collections.unmodifiableList(out);
    }

    /** The decoded map (unmodifiable, insertion order). */
    public Map<String, Object> toMap() {
        return map;
    }

    /** A modifiable copy, e.g. to change a state before answering it. */
    public Map<String, Object> toMutableMap() {
        return new LinkedHashMap<>(map);
    }

    /** The object as compact JSON. */
    @Override
    public String toString() {
        return Json.write(map);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonObject j && map.equals(j.map);
    }

    @Override
    public int hashCode() {
        return Objects.hash(map);
    }
}
