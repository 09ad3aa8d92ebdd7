package dev.mailroom.router.service;

import java.util.Optional;

import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.Route;

/** Any local part to the configured catch-all class; the instance is the whole local part. */
public final class CatchAllRule implements RoutingRule {

    private final Optional<String> className;
    private final String separator;

    public CatchAllRule(Optional<String> className, String separator) {
        this.className = className;
        this.separator = separator;
    }

    @Override
    public String name() {
        return "catch-all";
    }

    public Optional<String> className() {
        return className;
    }

    @Override
    public RuleOutcome apply(RoutingInput input) {
        return className.<RuleOutcome>map(c -> new RuleOutcome.Decided(new Resolution.Routed(
                new AgentRef(c, input.recipient().local(separator)), Route.byAddress(), name())))
                .orElseGet(RuleOutcome::pass);
    }
}
