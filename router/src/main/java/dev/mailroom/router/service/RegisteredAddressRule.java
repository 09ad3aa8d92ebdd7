package dev.mailroom.router.service;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.Route;

/**
 * {@code name[+sub]@domain} where {@code name} is a registered address name: class = the registered class,
 * instance = {@code sub} when present, else {@code name}.
 */
public final class RegisteredAddressRule implements RoutingRule {

    private final Map<String, String> classesByName;

    public RegisteredAddressRule(Map<String, String> classesByName) {
        this.classesByName = classesByName.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue));
    }

    @Override
    public String name() {
        return "registered-address";
    }

    /** The class registered for an address name. */
    public Optional<String> classOf(String addressName) {
        return Optional.ofNullable(classesByName.get(addressName.toLowerCase(Locale.ROOT)));
    }

    /** Whether some address name is registered for {@code className} (case-insensitive). */
    public Optional<String> knownClass(String className) {
        return classesByName.values().stream().filter(c -> c.equalsIgnoreCase(className)).findFirst();
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
