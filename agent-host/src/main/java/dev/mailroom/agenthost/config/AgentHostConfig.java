package dev.mailroom.agenthost.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of agent-host. */
@ConfigMapping(prefix = "mailroom")
public interface AgentHostConfig {

    Agent agent();

    Outbox outbox();

    Schedules schedules();

    interface Schedules {
        /** How often due schedules are looked for. */
        @WithDefault("1s")
        Duration pollInterval();
    }

    interface Outbox {
        /** How often the outbox relay looks for unpublished records (it also runs after each processed message). */
        @WithDefault("1s")
        Duration pollInterval();
    }

    interface Agent {
        /** Attempts of one message (the first included) before it is dead-lettered. */
        @WithDefault("3")
        int maxAttempts();

        /** Wait before the first retry; doubles up to ten times this. */
        @WithDefault("500ms")
        Duration retryBackoff();

        /** Agent instances processing a message at once (per process); one instance never runs twice at once. */
        @WithDefault("32")
        int concurrency();

        /** Routed records accepted but not yet processed before the consumer waits (at least the concurrency). */
        @WithDefault("512")
        int maxPending();

        /** Most messages {@code ctx.history()} returns (the newest). */
        @WithDefault("200")
        int historyLimit();
    }
}
