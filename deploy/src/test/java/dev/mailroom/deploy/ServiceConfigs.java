package dev.mailroom.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the services say about themselves: each module's {@code application.properties} (ports, topics, consumer
 * groups, whether it has a database) and the configuration variables its README documents.
 */
final class ServiceConfigs {

    /** The services, named as their modules and as their Deployments. */
    static final Set<String> SERVICES = Set.of("ingress-smtp", "router", "agent-host", "egress-sender", "mailbox",
            "api");

    private static final Pattern DOCUMENTED_VARIABLE = Pattern.compile("`((?:MAILROOM|QUARKUS|KAFKA)_[A-Z0-9_]+)(_<[A-Za-z]+>)?`");

    private final Map<String, Properties> properties = new LinkedHashMap<>();
    private final Map<String, Set<String>> documented = new LinkedHashMap<>();

    ServiceConfigs(Path repoRoot) {
        Set<String> platform = variables(repoRoot.resolve("platform/README.md"));
        for (String service : SERVICES) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(repoRoot.resolve(service)
                    .resolve("src/main/resources/application.properties"))) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + service + "'s application.properties", e);
            }
            properties.put(service, p);
            Set<String> vars = new LinkedHashSet<>(variables(repoRoot.resolve(service).resolve("README.md")));
            vars.addAll(platform);
            documented.put(service, vars);
        }
    }

    private static Set<String> variables(Path readme) {
        Set<String> vars = new LinkedHashSet<>();
        try {
            Matcher m = DOCUMENTED_VARIABLE.matcher(Files.readString(readme));
            while (m.find()) {
                // `MAILROOM_REPLY_TOKEN_KEYS_<KID>` documents every MAILROOM_REPLY_TOKEN_KEYS_* name: kept as a prefix
                vars.add(m.group(2) == null ? m.group(1) : m.group(1) + "_*");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + readme, e);
        }
        return vars;
    }

    /** The property as the service's application.properties sets it for production (no profile), or null. */
    String property(String service, String key) {
        return properties.get(service).getProperty(key);
    }

    /** Its HTTP port (quarkus.http.port). */
    int httpPort(String service) {
        return Integer.parseInt(property(service, "quarkus.http.port"));
    }

    boolean hasDatabase(String service) {
        return property(service, "quarkus.datasource.db-kind") != null;
    }

    /** Whether the service's README (or platform's, for every service) documents the environment variable. */
    boolean documents(String service, String variable) {
        for (String v : documented.get(service)) {
            if (v.equals(variable) || v.endsWith("_*") && variable.startsWith(v.substring(0, v.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    /** Every topic a service's application.properties names (channels and their dead-letter topics). */
    Set<String> topics() {
        Set<String> topics = new LinkedHashSet<>();
        properties.forEach((service, p) -> p.stringPropertyNames().stream()
                .filter(k -> !k.startsWith("%") && k.endsWith(".topic"))
                .forEach(k -> topics.add(p.getProperty(k).trim())));
        return topics;
    }

    /** The consumer groups with which {@code service} reads {@code topic} (incoming channels). */
    Set<String> groups(String service, String topic) {
        Properties p = properties.get(service);
        Set<String> groups = new LinkedHashSet<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("mp.messaging.incoming.") && k.endsWith(".topic") && !k.endsWith("dead-letter-queue.topic")
                    && topic.equals(p.getProperty(k).trim())) {
                String channel = k.substring(0, k.length() - ".topic".length());
                String group = p.getProperty(channel + ".group.id");
                if (group != null) {
                    groups.add(group.trim());
                }
            }
        }
        return groups;
    }
}
