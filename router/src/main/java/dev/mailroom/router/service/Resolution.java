package dev.mailroom.router.service;

import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.Route;

/** What routing decided for one recipient: an agent instance, or a named reason it has none. */
public sealed interface Resolution {

    /** Routed to {@code agent}, by the rule named {@code rule}. */
    record Routed(AgentRef agent, Route route, String rule) implements Resolution {
    }

    /**
     * No agent instance.
     *
     * @param reason machine-readable, e.g. {@code unknown-agent}
     * @param detail human text naming the input
     */
    record Unroutable(String reason, String detail) implements Resolution {
    }
}
