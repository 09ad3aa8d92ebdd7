package dev.mailroom.sdk;

import java.util.LinkedHashMap;
import java.util.Map;

/** Sending domains: add, DNS records and zone, verify, DKIM rotation, dynamic DNS updates. */
public final class Domains extends Resource {

    Domains(Transport t) {
        super(t);
    }

    public JsonObject create(String name) {
        return create(name, null);
    }

    /** Adds a domain; {@code requireVerifiedDkim} holds mail until its DKIM record is seen. */
    public JsonObject create(String name, Boolean requireVerifiedDkim) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        if (requireVerifiedDkim != null) {
            body.put("require_verified_dkim", requireVerifiedDkim);
        }
        return json(call("POST", "/v1/domains").body(body));
    }

    public Paged<JsonObject> list() {
        return list(null);
    }

    public Paged<JsonObject> list(ListParams params) {
        return paged(token -> withQuery(call("GET", "/v1/domains"), params), j -> j);
    }

    /** A domain with its DNS records and their state. */
    public JsonObject get(String name) {
        return json(call("GET", "/v1/domains/{name}", name));
    }

    /** The records to publish as a zone file fragment. */
    public String zone(String name) {
        return t.send(call("GET", "/v1/domains/{name}/zone", name).accept("text/plain, */*")).text();
    }

    public JsonObject verify(String name) {
        return json(call("POST", "/v1/domains/{name}/verify", name));
    }

    public JsonObject rotateDkim(String name) {
        return json(call("POST", "/v1/domains/{name}/rotate-dkim", name));
    }

    public void delete(String name) {
        none(call("DELETE", "/v1/domains/{name}", name));
    }

    public JsonObject configureDnsUpdate(String name, DnsUpdateParams params) {
        return json(call("PUT", "/v1/domains/{name}/dns-update", name).body(params.toJson()));
    }

    public void removeDnsUpdate(String name) {
        none(call("DELETE", "/v1/domains/{name}/dns-update", name));
    }

    /** Publishes the domain's records through its dynamic DNS update settings. */
    public JsonObject publish(String name) {
        return json(call("POST", "/v1/domains/{name}/publish", name));
    }
}
