package dev.mailroom.contract;

import java.util.Objects;

/**
 * One agent instance: its class (the kind of agent, e.g. {@code Support}) and instance name (e.g.
 * {@code ticket-123}). {@link #key()} is the Kafka key of every record addressed to the instance, so that all its
 * mail lands in one partition, in order.
 */
public record AgentRef(String className, String instance) {

    public AgentRef {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(instance, "instance");
    }

    /** {@code Class/instance}. */
    public String key() {
        return className + "/" + instance;
    }

    @Override
    public String toString() {
        return key();
    }
}
