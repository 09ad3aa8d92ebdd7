package dev.mailroom.sdk;

/** Addresses Mailroom no longer sends to (bounces, complaints). */
public final class Suppressions extends Resource {

    Suppressions(Transport t) {
        super(t);
    }

    public Paged<JsonObject> list() {
        return list(null);
    }

    public Paged<JsonObject> list(ListParams params) {
        return paged(token -> withQuery(call("GET", "/v1/suppressions"), params), j -> j);
    }

    public void delete(String address) {
        none(call("DELETE", "/v1/suppressions/{address}", address));
    }
}
