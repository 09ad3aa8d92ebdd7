package dev.mailroom.router.service;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.router.config.RouterConfig;

/**
 * Resolves an envelope recipient to an agent instance. Checks, in order: the recipient parses, its domain is
 * accepted, then the routing rules, first match wins:
 *
 * <ol>
 * <li>{@link RegisteredAddressRule}: {@code name[+sub]@domain} with a registered name</li>
 * <li>{@link CatchAllRule}: the catch-all class, if configured</li>
 * </ol>
 *
 * Nothing matched: {@code unknown-agent}. (Signed reply tokens come before these rules: issue 4.)
 */
@ApplicationScoped
public class AddressResolver {

    private final Set<String> domains;
    private final String separator;
    private final List<RoutingRule> rules;

    public AddressResolver(RouterConfig config) {
        this.domains = config.domains().stream().map(d -> d.trim().toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.separator = config.router().subaddressSeparator();
        this.rules = List.of(
                new RegisteredAddressRule(config.router().agents()),
                new CatchAllRule(config.router().catchAll(), separator));
    }

    public Resolution resolve(String address) {
        Optional<Recipient> parsed = Recipient.parse(address, separator);
        if (parsed.isEmpty()) {
            return new Resolution.Unroutable("bad-address", "recipient '" + address + "' is not local@domain");
        }
        Recipient recipient = parsed.get();
        if (!domains.contains(recipient.domain())) {
            return new Resolution.Unroutable("domain-not-accepted",
                    "domain '" + recipient.domain() + "' is not an accepted domain");
        }
        if (!validInstance(recipient.sub().orElse(recipient.name()))) {
            return new Resolution.Unroutable("bad-instance",
                    "local part of '" + address + "' does not name a valid instance");
        }
        for (RoutingRule rule : rules) {
            Optional<Resolution> resolution = rule.apply(recipient);
            if (resolution.isPresent()) {
                return resolution.get();
            }
        }
        return new Resolution.Unroutable("unknown-agent",
                "no agent class registered for address name '" + recipient.name() + "'");
    }

    /** Instances become Kafka keys and database ids: printable, no '/', bounded length. */
    static boolean validInstance(String instance) {
        return !instance.isEmpty() && instance.length() <= 200
                && instance.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '/');
    }
}
