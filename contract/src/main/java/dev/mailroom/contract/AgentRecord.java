package dev.mailroom.contract;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One agent class of the agent registry, the value of {@link Topics#AGENTS} (a compacted topic: the latest record per
 * key is the class's state). Key = {@link #name()}; a tombstone (null value) means the class was removed. agent-host
 * owns the registry and writes the records; the router maps {@code address[+instance]@domain} to the class, and
 * ingress-smtp accepts the addresses at RCPT. Never carries a webhook's URL or secret.
 *
 * @param v         schema version, {@link #VERSION}
 * @param name      the agent class name, the {@code Class} of {@code Class/instance}; equals the record key
 * @param addresses the address names (local parts without {@code +instance}, lower case) that reach the class
 * @param kind      {@link #JAVA} (a Java agent of agent-host) or {@link #WEBHOOK} (served by a webhook); readers
 *                  treat unknown kinds like known ones (routing does not depend on it)
 * @param updatedAt when agent-host last published the class
 */
public record AgentRecord(int v, String name, List<String> addresses, String kind, Instant updatedAt) {

    public static final int VERSION = 1;
    public static final String JAVA = "java";
    public static final String WEBHOOK = "webhook";

    public AgentRecord {
        Objects.requireNonNull(name, "name");
        addresses = addresses == null ? List.of()
                : addresses.stream().map(a -> a.toLowerCase(Locale.ROOT)).distinct().toList();
    }

    public static AgentRecord of(String name, List<String> addresses, String kind, Instant updatedAt) {
        return new AgentRecord(VERSION, name, addresses, kind, updatedAt);
    }
}
