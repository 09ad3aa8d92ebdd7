package dev.mailroom.router.service;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.Route;

/**
 * {@code name[+sub]@domain} where {@code name} is an address name of the agent registry: class = the class that
 * registered it, instance = {@code sub} when present, else {@code name}.
 */
public final class RegisteredAddressRule implements RoutingRule {

    /** The agent registry as this rule reads it (the topic {@code mailroom.agents}, through {@code AgentTable}). */
    public interface Registry {
        /** The class an address name (any case) reaches. */
        Optional<String> classOf(String addressName);

        /** A registered class named {@code className} ignoring case, in its registered spelling. */
        Optional<String> classNamed(String className);

        /** A fixed registry: address name → class (pure-logic tests). */
        static Registry of(Map<String, String> classesByName) {
            Map<String, String> byName = classesByName.entrySet().stream()
                    .collect(Collectors.toUnmodifiableMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue));
            return new Registry() {
                @Override
                public Optional<String> classOf(String addressName) {
                    return Optional.ofNullable(byName.get(addressName.toLowerCase(Locale.ROOT)));
                }

                @Override
                public Optional<String> classNamed(String className) {
                    return byName.values().stream().filter(c -> c.equalsIgnoreCase(className)).findFirst();
                }
            };
        }
    }

    private final Registry registry;

    public RegisteredAddressRule(Registry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "registered-address";
    }

    /** The class registered for an address name. */
    public Optional<String> classOf(String addressName) {
        return registry.classOf(addressName);
    }

    /** Whether some class of this name (case-insensitive) is registered. */
    public Optional<String> knownClass(String className) {
        return registry.classNamed(className);
    }

    @Override
    public RuleOutcome apply(RoutingInput input) {
        Recipient recipient = input.recipient();
        return classOf(recipient.name())
                .<RuleOutcome>map(c -> new RuleOutcome.Decided(new Resolution.Routed(
                        new AgentRef(c, recipient.sub().orElse(recipient.name())), Route.byAddress(), name())))
                .orElseGet(RuleOutcome::pass);
    }
}
