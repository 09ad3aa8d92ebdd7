package dev.mailroom.sdk;

/** The addresses Mailroom serves. */
public final class Mailboxes extends Resource {

    Mailboxes(Transport t) {
        super(t);
    }

    public Paged<Mailbox> list() {
        return list(null);
    }

    /** Every mailbox, {@code params.limit} per page. */
    public Paged<Mailbox> list(ListParams params) {
        return paged(token -> withQuery(call("GET", "/v1/mailboxes"), params), Mailbox::from);
    }

    public void delete(String id) {
        none(call("DELETE", "/v1/mailboxes/{id}", id));
    }
}
