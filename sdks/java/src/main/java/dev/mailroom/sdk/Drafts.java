package dev.mailroom.sdk;

import java.util.Map;

/** Messages agents hold for approval: list, read, approve (with edits), reject. */
public final class Drafts extends Resource {

    Drafts(Transport t) {
        super(t);
    }

    public Paged<Draft> list() {
        return list(null);
    }

    /** Filters className, instance, status ({@code pending}, ...), thread. */
    public Paged<Draft> list(ListParams params) {
        return paged(token -> withQuery(call("GET", "/v1/drafts"), params, "class", "instance", "status", "thread"),
                Draft::from);
    }

    public Draft get(String id) {
        return Draft.from(json(call("GET", "/v1/drafts/{id}", id)));
    }

    public JsonObject approve(String id) {
        return approve(id, DraftApproval.none());
    }

    /** Approves it, sent with the edits given (subject, text, html, to). */
    public JsonObject approve(String id, DraftApproval edits) {
        return json(call("POST", "/v1/drafts/{id}/approve", id).body(edits.toJson()));
    }

    public JsonObject reject(String id) {
        return reject(id, null);
    }

    public JsonObject reject(String id, String reason) {
        return json(call("POST", "/v1/drafts/{id}/reject", id)
                .body(reason == null ? Map.of() : Map.of("reason", reason)));
    }
}
