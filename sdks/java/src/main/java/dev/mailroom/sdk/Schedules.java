package dev.mailroom.sdk;

/** Wake-ups agents asked for. */
public final class Schedules extends Resource {

    Schedules(Transport t) {
        super(t);
    }

    public Paged<JsonObject> list() {
        return list(null);
    }

    /** Filters className, instance, status ({@code pending}, {@code fired}, {@code failed}). */
    public Paged<JsonObject> list(ListParams params) {
        return paged(token -> withQuery(call("GET", "/v1/schedules"), params, "class", "instance", "status"), j -> j);
    }
}
