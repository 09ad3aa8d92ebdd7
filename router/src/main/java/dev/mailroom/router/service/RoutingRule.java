package dev.mailroom.router.service;

/**
 * One routing rule. The router holds its rules as an ordered list (see {@link AddressResolver}); the first rule
 * that decides wins. Adding a way to route means adding a class and a line in that list.
 */
public interface RoutingRule {

    /** Short stable name, recorded with the decision. */
    String name();

    RuleOutcome apply(RoutingInput input);
}
