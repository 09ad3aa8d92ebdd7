package dev.mailroom.mail.dkim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A DKIM/DMARC tag=value list (RFC 6376 section 3.2): {@code ;}-separated, whitespace (including folding) around
 * names and values ignored, tag names case-sensitive, a repeated tag is an error.
 */
public final class TagList {

    private static final Pattern TAG_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private final Map<String, String> tags;

    private TagList(Map<String, String> tags) {
        this.tags = Collections.unmodifiableMap(tags);
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException on a malformed or repeated tag
     */
    public static TagList parse(String text) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String spec : text.split(";", -1)) {
            if (spec.isBlank()) {
                continue;
            }
            int eq = spec.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("tag without '=': " + spec.strip());
            }
            String name = spec.substring(0, eq).strip();
            if (!TAG_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("bad tag name: " + name);
            }
            String value = spec.substring(eq + 1).strip();
            if (tags.put(name, value) != null) {
                throw new IllegalArgumentException("duplicate tag " + name);
            }
        }
        return new TagList(tags);
    }

    /** The value of tag {@code name}, whitespace-trimmed. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(tags.get(name));
    }

    /** The first tag's name, or null for an empty list. */
    public String firstName() {
        return tags.isEmpty() ? null : tags.keySet().iterator().next();
    }

    /** All tags in order. */
    public Map<String, String> asMap() {
        return tags;
    }
}
