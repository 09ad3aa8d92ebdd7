package dev.mailroom.mailbox.retention;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The retention rules as data: which messages a rule covers and how long it keeps them. Class beats domain beats
 * default; a mailbox without a matching rule and no default keeps its mail forever. Pure logic.
 */
public final class RetentionPolicy {

    /** What a rule is keyed by. */
    public enum Scope {
        CLASS, DOMAIN, DEFAULT;

        /** The metric tag value. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One rule: messages of {@code scope} = {@code key} older than {@code keep} go ({@code key} null for default). */
    public record Rule(Scope scope, String key, Duration keep) {
    }

    private final Map<String, Duration> classes;
    private final Map<String, Duration> domains;
    private final Optional<Duration> fallback;

    public RetentionPolicy(Map<String, Duration> classes, Map<String, Duration> domains, Optional<Duration> fallback) {
        this.classes = new TreeMap<>(classes);
        this.domains = new TreeMap<>();
        domains.forEach((domain, keep) -> this.domains.put(domain.toLowerCase(Locale.ROOT), keep));
        this.fallback = fallback;
        List<String> bad = new ArrayList<>();
        this.classes.forEach((k, v) -> check("classes." + k, v, bad));
        this.domains.forEach((k, v) -> check("domains." + k, v, bad));
        fallback.ifPresent(v -> check("default", v, bad));
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("mailroom.mailbox.retention: retention must be positive: " + bad);
        }
    }

    public static RetentionPolicy of(RetentionConfig config) {
        return new RetentionPolicy(config.classes(), config.domains(), config.defaultRetention());
    }

    private static void check(String name, Duration keep, List<String> bad) {
        if (keep.isZero() || keep.isNegative()) {
            bad.add(name + "=" + keep);
        }
    }

    /** How long mail of a mailbox of {@code domain} owned by {@code agentClass} (may be null) is kept; empty: forever. */
    public Optional<Duration> retentionOf(String domain, String agentClass) {
        if (agentClass != null && classes.containsKey(agentClass)) {
            return Optional.of(classes.get(agentClass));
        }
        Duration byDomain = domain == null ? null : domains.get(domain.toLowerCase(Locale.ROOT));
        return byDomain != null ? Optional.of(byDomain) : fallback;
    }

    /** The rules in the order the job applies them: classes, domains, default. */
    public List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        classes.forEach((k, v) -> rules.add(new Rule(Scope.CLASS, k, v)));
        domains.forEach((k, v) -> rules.add(new Rule(Scope.DOMAIN, k, v)));
        fallback.ifPresent(v -> rules.add(new Rule(Scope.DEFAULT, null, v)));
        return rules;
    }

    /** Classes with a rule of their own (a domain or the default rule never touches their mailboxes). */
    public String[] classNames() {
        return classes.keySet().toArray(new String[0]);
    }

    /** Domains with a rule of their own (the default rule never touches them). */
    public String[] domainNames() {
        return domains.keySet().toArray(new String[0]);
    }

    /** Whether any mail is ever deleted. */
    public boolean isEmpty() {
        return rules().isEmpty();
    }
}
