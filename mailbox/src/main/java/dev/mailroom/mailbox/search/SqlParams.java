package dev.mailroom.mailbox.search;

import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of one statement, numbered as they are added ({@code $1}, {@code $2}, ...): user input only ever
 * reaches SQL as one of these, never in the statement's text.
 */
public final class SqlParams {

    private final List<Object> values = new ArrayList<>();

    /** Adds {@code value}; returns its placeholder. */
    public String add(Object value) {
        values.add(value);
        return "$" + values.size();
    }

    /** The values, in placeholder order. */
    public List<Object> values() {
        return List.copyOf(values);
    }
}
