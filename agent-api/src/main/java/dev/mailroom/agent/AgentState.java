package dev.mailroom.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The durable state of one agent instance: a JSON object, loaded before {@code onEmail} / {@code onSchedule} and
 * saved with the call's other effects in the same transaction; a failed call leaves the stored state as it was.
 * Empty ({@code {}}) for a new instance. Confined to its call like {@link AgentContext} (not thread-safe). Keep it
 * small (it is read and written whole on every call); history belongs in {@link AgentContext#history()}.
 */
public final class AgentState {

    private final ObjectNode node;

    public AgentState(ObjectNode node) {
        this.node = node;
    }

    public long getLong(String field, long orElse) {
        JsonNode v = node.get(field);
        return v != null && v.canConvertToLong() ? v.asLong() : orElse;
    }

    public String getString(String field, String orElse) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : orElse;
    }

    public AgentState put(String field, long value) {
        node.put(field, value);
        return this;
    }

    public AgentState put(String field, String value) {
        node.put(field, value);
        return this;
    }

    /** The underlying JSON object, for structured state. */
    public ObjectNode json() {
        return node;
    }
}
