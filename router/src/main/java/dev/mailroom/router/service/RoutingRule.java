package dev.mailroom.router.service;

import java.util.Optional;

/**
 * One routing rule. The router holds its rules as an ordered list (see {@link AddressResolver#RULES}); the first
 * rule that returns a resolution decides. Adding a way to route means adding a class and a line in that list.
 */
public interface RoutingRule {

    /** Short stable name, recorded with the decision. */
    String name();

    /** A resolution when this rule applies to {@code recipient}, empty to let the next rule decide. */
    Optional<Resolution> apply(Recipient recipient);
}
