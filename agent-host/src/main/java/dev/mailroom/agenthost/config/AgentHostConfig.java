package dev.mailroom.agenthost.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of agent-host. */
@ConfigMapping(prefix = "mailroom")
public interface AgentHostConfig {

    Agent agent();

    Outbox outbox();

    Schedules schedules();

    /** The wait API (long poll and stream of an instance's next messages). */
    @io.smallrye.config.WithName("wait")
    Wait waiting();

    /** Webhook agent classes and the rule for the URLs they are served at. */
    Webhooks webhooks();

    interface Webhooks {
        /**
         * Agent classes served by a webhook, by class name: {@code mailroom.webhooks."Triage".url=https://…}. Each is
         * registered like a Java agent of that class.
         */
        @io.smallrye.config.WithParentName
        Map<String, Webhook> classes();

        /**
         * Let webhook URLs reach loopback, private, link-local and other internal addresses
         * ({@code MAILROOM_WEBHOOKS_ALLOW_PRIVATE}; platform's {@code WebhookTargets}, ADR 0038): tests, a private
         * deployment. Off: such URLs are refused at {@code POST/PUT /v1/agents} and before every call.
         */
        @WithDefault("false")
        boolean allowPrivate();
    }

    interface Webhook {
        /** Where the host POSTs each message and schedule of the class's instances. */
        String url();

        /** HMAC-SHA256 key of the {@code X-Mailroom-Signature} header (at least 16 characters). */
        String secret();

        /** How long to wait for the answer; a timeout is retried like a 5xx. */
        @WithDefault("10s")
        Duration timeout();
    }

    /** The example agents. */
    Examples examples();

    interface Examples {
        /** How long the Support agent waits before following up on a message nobody answered since. */
        @WithDefault("1h")
        Duration supportFollowUp();
    }

    /** The agent registry (topic {@code mailroom.agents}, ADR 0024) that agent-host publishes. */
    Registry registry();

    interface Registry {
        /**
         * How often every class is published again and removed classes' tombstones written (as at start): heals a
         * publication lost while Kafka was away.
         */
        @WithDefault("10m")
        Duration republishInterval();
    }

    /** Settings per agent class, by class name: {@code mailroom.agents."Support".send-policy=drafts-only}. */
    Map<String, AgentClassConfig> agents();

    interface AgentClassConfig {
        /**
         * The address names ({@code name[+instance]@domain}) of a class of code or configuration, published in the
         * agent registry for the router and ingress; default: the class name in lower case ({@code Echo}:
         * {@code echo}). Webhook classes created through the REST API carry their own.
         */
        Optional<List<String>> addresses();

        /** Whether the class's mail leaves on its own, only to approved recipients, or only as drafts. */
        @WithDefault("autonomous")
        SendPolicyKind sendPolicy();

        /**
         * With {@code approved-recipients}: the addresses the class may write to without approval; an entry
         * {@code @domain} (or {@code *@domain}) approves a whole domain.
         */
        Optional<List<String>> approvedRecipients();

        /** Whether a first message to an address the instance has never exchanged mail with needs approval. */
        @WithDefault("false")
        boolean firstContactNeedsApproval();

        /**
         * Whether a reply follows a Reply-To that names addresses the instance has never exchanged mail with. When
         * false (the default) such a reply goes to the From address instead, with an {@code agent.reply-to-ignored}
         * event.
         */
        @WithDefault("false")
        boolean followReplyToOutsideCorrespondents();

        /**
         * Whether the class's agents get attachments' text ({@code attachment.text()}, extracted on demand, ADR
         * 0036); false: it is always empty and nothing is extracted.
         */
        @WithDefault("true")
        boolean attachmentText();
    }

    /** How much an agent class may send without a person. */
    enum SendPolicyKind {
        /** Everything leaves (subject to {@code first-contact-needs-approval}). */
        AUTONOMOUS,
        /** Only to the approved recipients; anything else is kept as a draft. */
        APPROVED_RECIPIENTS,
        /** Nothing leaves without approval. */
        DRAFTS_ONLY
    }

    interface Schedules {
        /** How often due schedules are looked for. */
        @WithDefault("1s")
        Duration pollInterval();
    }

    interface Wait {
        /** How often a waiting request looks for new history (env {@code MAILROOM_WAIT_POLL_INTERVAL}). */
        @WithDefault("250ms")
        Duration pollInterval();

        /** Longest long poll a client may ask for. */
        @WithDefault("60s")
        Duration maxWait();
    }

    interface Outbox {
        /**
         * How often the outbox relay looks for unpublished records. Records a routed message committed are
         * published right after the commit by the consumer itself; the timer is the backstop for the records that
         * publication did not get out (crash, Kafka down).
         */
        @WithDefault("1s")
        Duration pollInterval();

        /**
         * Age a record must reach before the timer publishes it: younger ones are in the hands of the direct
         * publication after their commit, and the timer would only send them a second time.
         */
        @WithDefault("10s")
        Duration directGrace();

        /**
         * How long the marks of directly published records wait to share one UPDATE (and one WAL flush). At
         * 100 messages/s, 200 ms makes one statement of ~20 marks instead of 20 statements. A crash in that time
         * leaves them unmarked: the timer publishes them again after the grace, and egress drops the copies.
         */
        @WithDefault("200ms")
        Duration markDelay();
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

        /**
         * Where Java agents in jars of their own are loaded from at start (ADR 0022): folders (each {@code *.jar}
         * in them is a plugin, each sub-folder a plugin of all its jars) or jar files, comma-separated (env
         * {@code MAILROOM_AGENT_PATH}). Unset: only the agents built into this host. A configured entry that does not
         * exist is a startup error.
         */
        Optional<List<java.nio.file.Path>> path();
    }
}
