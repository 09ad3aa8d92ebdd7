package dev.mailroom.sdk;

/** Conversations in mailboxes: list and search, read, change flags/folder/labels, delete. */
public final class Threads extends Resource {

    Threads(Transport t) {
        super(t);
    }

    public Paged<JsonObject> list() {
        return list(null);
    }

    /** Thread summaries, newest first: filters mailbox, folder, label, q. */
    public Paged<JsonObject> list(ListParams params) {
        return paged(token -> withQuery(call("GET", "/v1/threads"), params, "mailbox", "folder", "label", "q"),
                j -> j);
    }

    /** Full-text search ({@code listThreads} with {@code q}). */
    public Paged<JsonObject> search(String q, ListParams params) {
        return list((params == null ? ListParams.create() : params).q(q));
    }

    public Paged<JsonObject> search(String q) {
        return search(q, null);
    }

    /** A thread with its messages, oldest first. */
    public JsonObject get(String id) {
        return json(call("GET", "/v1/threads/{id}", id));
    }

    public JsonObject update(String id, MessageChange patch) {
        return json(call("PATCH", "/v1/threads/{id}", id).body(patch.toJson()));
    }

    public void delete(String id) {
        none(call("DELETE", "/v1/threads/{id}", id));
    }
}
