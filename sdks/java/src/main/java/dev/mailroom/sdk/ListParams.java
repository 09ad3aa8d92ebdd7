package dev.mailroom.sdk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Filters and page size of a list, as query parameters; each list uses the ones its operation has
 * ({@code threads().list}: mailbox, folder, label, q; {@code drafts().list}: className, instance, status, thread;
 * {@code schedules().list}: className, instance, status; {@code labels().list}: mailbox). {@code limit} is the page
 * size (the iterator still walks every page).
 * <pre>{@code ListParams.create().mailbox(id).folder("inbox").limit(50)}</pre>
 */
public final class ListParams {

    final Map<String, Object> query = new LinkedHashMap<>();

    public static ListParams create() {
        return new ListParams();
    }

    private ListParams set(String key, Object value) {
        ListParams copy = new ListParams();
        copy.query.putAll(query);
        if (value == null) {
            copy.query.remove(key);
        } else {
            copy.query.put(key, value);
        }
        return copy;
    }

    public ListParams limit(int limit) {
        return set("limit", limit);
    }

    public ListParams mailbox(String mailbox) {
        return set("mailbox", mailbox);
    }

    public ListParams folder(String folder) {
        return set("folder", folder);
    }

    public ListParams label(String label) {
        return set("label", label);
    }

    public ListParams q(String q) {
        return set("q", q);
    }

    /** The agent class ({@code class} on the wire). */
    public ListParams className(String className) {
        return set("class", className);
    }

    public ListParams instance(String instance) {
        return set("instance", instance);
    }

    public ListParams status(String status) {
        return set("status", status);
    }

    public ListParams thread(String thread) {
        return set("thread", thread);
    }

    Object get(String key) {
        return query.get(key);
    }
}
