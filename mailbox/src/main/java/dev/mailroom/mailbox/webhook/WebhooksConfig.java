package dev.mailroom.mailbox.webhook;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Customer event webhooks and the event stream (ADR 0038). */
@ConfigMapping(prefix = "mailroom.webhooks")
public interface WebhooksConfig {

    /**
     * Let webhook URLs reach loopback, private, link-local and other internal addresses (tests, a private
     * deployment). Off: such URLs are refused at creation (422) and at every delivery.
     */
    @WithDefault("false")
    boolean allowPrivate();

    /**
     * Waits before each retry after a failed attempt (the first attempt is immediate); when they are used up the
     * delivery has failed. About a day in all, as the Standard Webhooks recommendation.
     */
    @WithDefault("5s,5m,30m,2h,5h,10h,14h")
    List<Duration> retrySchedule();

    /** A webhook is disabled when this many consecutive events failed every attempt. */
    @WithDefault("5")
    int disableAfterFailedEvents();

    /** A webhook is disabled when its deliveries have failed for longer than this without a success. */
    @WithDefault("24h")
    Duration disableAfterFailingFor();

    /** How often the dispatcher looks for due deliveries. */
    @WithDefault("1s")
    Duration dispatchInterval();

    /** Deliveries in flight at once per replica (the claim's batch size). */
    @WithDefault("16")
    int concurrency();

    /** Connect and answer timeout of one delivery attempt. */
    @WithDefault("10s")
    Duration timeout();

    /** Payloads larger than this (bytes) drop the message bodies ({@code data.text}, {@code data.html}). */
    @WithDefault("262144")
    int maxPayloadBytes();

    /** How long the previous secret keeps signing after a rotation. */
    @WithDefault("24h")
    Duration secretOverlap();

    /** How often events whose tenant was unknown are looked at again. */
    @WithDefault("5s")
    Duration pendingInterval();

    /** How long an event waits for its tenant before it is given up (logged and counted). */
    @WithDefault("24h")
    Duration pendingMaxAge();

    /** The event stream. */
    Stream stream();

    interface Stream {
        /** How often an open stream looks for new events. */
        @WithDefault("500ms")
        Duration poll();

        /** A comment line this often keeps proxies from closing an idle stream. */
        @WithDefault("15s")
        Duration keepAlive();

        /**
         * A gap in the event sequence (a transaction still writing, or a number never used) is stepped over once
         * the event after it has been in the log this long.
         */
        @WithDefault("2s")
        Duration gapGrace();
    }
}
