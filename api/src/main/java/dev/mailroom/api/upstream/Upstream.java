package dev.mailroom.api.upstream;

/** A service that owns part of the public API, by name, as the api reaches it. */
public enum Upstream {
    AGENT_HOST("agent-host"),
    EGRESS("egress-sender"),
    MAILBOX("mailbox");

    private final String service;

    Upstream(String service) {
        this.service = service;
    }

    /** The service's name, as in bin/mailroom and the problem documents. */
    public String service() {
        return service;
    }
}
