package dev.mailroom.router.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.mailroom.contract.ParsedMessage;
import dev.mailroom.mail.token.ReplyToken;
import dev.mailroom.contract.Route;
import dev.mailroom.platform.token.ReplyTokenConfig;
import dev.mailroom.router.config.RouterConfig;
import dev.mailroom.platform.table.AgentTable;
import dev.mailroom.platform.table.DomainTable;

/**
 * Resolves an envelope recipient to an agent instance. Checks, in order: the recipient parses, its domain is
 * accepted (configured in {@code mailroom.domains}, or accepted by the domain store through {@link DomainTable}),
 * its local part names a valid instance; then the routing rules, first decision wins:
 *
 * <ol>
 * <li>{@link ReplyTokenRule}: a valid signed reply token in In-Reply-To/References (verified)</li>
 * <li>{@link AgentHeadersRule}: valid Cloudflare Agents SDK headers, when enabled (verified)</li>
 * <li>{@link RegisteredAddressRule}: {@code name[+sub]@domain} with an address name of the agent registry
 * ({@link AgentTable}, topic {@code mailroom.agents})</li>
 * <li>{@link CatchAllRule}: the catch-all class, if configured</li>
 * </ol>
 *
 * Nothing decided: {@code unknown-agent}. A refused credential (rules 1-2) is kept in the route's detail; with the
 * {@code dead-letter} policy it makes the recipient unroutable instead.
 *
 * <p>Routing does not wait for the domain table: configured domains route as before, and mail for a store domain
 * that arrives before the table has loaded is dead-lettered {@code domain-not-accepted} (replayable). Ingress
 * answers 451 for such domains until its own table is loaded, so this is rare.
 */
@ApplicationScoped
public class AddressResolver {

    private final Set<String> domains;
    private final Predicate<String> extraDomains;
    private final String separator;
    private final RegisteredAddressRule registered;
    private final CatchAllRule catchAll;
    private final List<RoutingRule> rules;
    private final RouterConfig.InvalidTokenPolicy invalidTokenPolicy;

    @Inject
    public AddressResolver(RouterConfig config, ReplyTokenConfig tokens, DomainTable domainTable, AgentTable agents) {
        this(config.domains(), domainTable::accepts, config.router().subaddressSeparator(),
                new RegisteredAddressRule.Registry() {
                    @Override
                    public Optional<String> classOf(String addressName) {
                        return agents.classOf(addressName);
                    }

                    @Override
                    public Optional<String> classNamed(String className) {
                        return agents.classNamed(className);
                    }
                },
                config.router().catchAll(), tokens.toKeys(), tokens.maxAge(), tokens.acceptUnbound(),
                config.router().invalidToken(), config.router().cloudflare(), Clock.systemUTC());
    }

    /** @param extraDomains accepts (lower-case) domains beyond {@code domains}: the domain store */
    AddressResolver(List<String> domains, Predicate<String> extraDomains, String separator, RegisteredAddressRule.Registry agents, Optional<String> catchAll,
            ReplyToken.Keys keys, java.time.Duration tokenMaxAge, boolean acceptUnbound,
            RouterConfig.InvalidTokenPolicy invalidTokenPolicy, RouterConfig.Cloudflare cloudflare, Clock clock) {
        this.domains = domains.stream().map(d -> d.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.extraDomains = extraDomains;
        this.separator = separator;
        this.registered = new RegisteredAddressRule(agents);
        this.catchAll = new CatchAllRule(catchAll, separator);
        this.invalidTokenPolicy = invalidTokenPolicy;
        this.rules = List.of(
                new ReplyTokenRule(keys, tokenMaxAge, acceptUnbound, clock),
                new AgentHeadersRule(cloudflare.secret(), cloudflare.maxAge(), this::classForAgentName, clock),
                registered,
                this.catchAll);
    }

    /** Routes by address alone (no message, so no reply token). */
    public Resolution resolve(String address) {
        return resolve(address, null, "");
    }

    /**
     * @param message the parsed message (for reply tokens and agent headers), may be null
     * @param sender  the sender a bound reply token must match: the From address, else the envelope sender
     */
    public Resolution resolve(String address, ParsedMessage message, String sender) {
        Optional<Recipient> parsed = Recipient.parse(address, separator);
        if (parsed.isEmpty()) {
            return new Resolution.Unroutable("bad-address", "recipient '" + address + "' is not local@domain");
        }
        Recipient recipient = parsed.get();
        if (!domains.contains(recipient.domain()) && !extraDomains.test(recipient.domain())) {
            return new Resolution.Unroutable("domain-not-accepted",
                    "domain '" + recipient.domain() + "' is not an accepted domain");
        }
        if (!validInstance(recipient.sub().orElse(recipient.name()))) {
            return new Resolution.Unroutable("bad-instance",
                    "local part of '" + address + "' does not name a valid instance");
        }
        Optional<String> addressClass = registered.classOf(recipient.name()).or(catchAll::className);
        RoutingInput input = new RoutingInput(recipient, addressClass, message,
                sender == null ? "" : sender.toLowerCase(Locale.ROOT));
        List<String> refusals = new ArrayList<>();
        for (RoutingRule rule : rules) {
            RuleOutcome outcome = rule.apply(input);
            if (outcome instanceof RuleOutcome.Refused refused) {
                refusals.add(refused.reason());
            } else if (outcome instanceof RuleOutcome.Decided decided) {
                return withRefusals(decided.resolution(), refusals);
            }
        }
        return new Resolution.Unroutable("unknown-agent",
                "no agent class registered for address name '" + recipient.name() + "'");
    }

    private Resolution withRefusals(Resolution resolution, List<String> refusals) {
        if (refusals.isEmpty() || !(resolution instanceof Resolution.Routed routed)) {
            return resolution;
        }
        String detail = String.join("; ", refusals);
        if (invalidTokenPolicy == RouterConfig.InvalidTokenPolicy.DEAD_LETTER) {
            return new Resolution.Unroutable("reply-token-rejected", detail);
        }
        return new Resolution.Routed(routed.agent(),
                new Route(routed.route().by(), routed.route().verified(), detail), routed.rule());
    }

    /** The SDK agent name as one of our classes: a registered class name, else a registered address name. */
    private Optional<String> classForAgentName(String agentName) {
        return registered.knownClass(agentName).or(() -> registered.classOf(agentName));
    }

    /** Instances become Kafka keys and database ids: printable, no '/', bounded length. */
    static boolean validInstance(String instance) {
        return !instance.isEmpty() && instance.length() <= 200
                && instance.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '/');
    }
}
