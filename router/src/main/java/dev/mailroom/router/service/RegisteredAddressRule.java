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

    @Override
    public Optional<Resolution> apply(Recipient recipient) {
        String className = classesByName.get(recipient.name());
        if (className == null) {
            return Optional.empty();
        }
        String instance = recipient.sub().orElse(recipient.name());
        return Optional.of(new Resolution.Routed(new AgentRef(className, instance), Route.byAddress(), name()));
    }
}
