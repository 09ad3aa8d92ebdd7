package dev.mailroom.ingress.smtp;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The metrics of one SMTP listener (tag {@code listener} = {@code mx} or {@code submission}), exposed at
 * {@code /q/metrics}: sessions ({@code mailroom_smtp_sessions_total}, {@code mailroom_smtp_sessions_active}),
 * accepted messages and their bytes ({@code mailroom_smtp_messages_accepted_total},
 * {@code mailroom_smtp_message_bytes_total}), and every refusal by its {@link SmtpOutcome} reason and code
 * ({@code mailroom_smtp_rejected_total}). Kafka's acknowledgement latency is {@code MailPublisher}'s. Thread-safe.
 */
final class SmtpMetrics {

    private final MeterRegistry registry;
    private final String listener;
    private final Counter sessions;
    private final Counter accepted;
    private final Counter bytes;
    private final AtomicInteger active = new AtomicInteger();

    SmtpMetrics(MeterRegistry registry, String listener) {
        this.registry = registry;
        this.listener = listener;
        this.sessions = Counter.builder("mailroom.smtp.sessions").description("SMTP sessions admitted")
                .tag("listener", listener).register(registry);
        this.accepted = Counter.builder("mailroom.smtp.messages.accepted")
                .description("messages acknowledged by Kafka and answered 250").tag("listener", listener)
                .register(registry);
        this.bytes = Counter.builder("mailroom.smtp.message.bytes").baseUnit("bytes")
                .description("bytes of accepted messages").tag("listener", listener).register(registry);
        registry.gauge("mailroom.smtp.sessions.active", io.micrometer.core.instrument.Tags.of("listener", listener),
                active);
    }

    void sessionStarted() {
        sessions.increment();
        active.incrementAndGet();
    }

    void sessionEnded() {
        active.decrementAndGet();
    }

    void accepted(int messageBytes) {
        accepted.increment();
        bytes.increment(messageBytes);
    }

    /** Counts a refusal; every {@link SmtpOutcome} that is not an acceptance comes here. */
    void rejected(SmtpOutcome outcome) {
        Counter.builder("mailroom.smtp.rejected").description("SMTP refusals by internal reason")
                .tag("listener", listener).tag("reason", outcome.reason())
                .tag("code", Integer.toString(outcome.code())).register(registry).increment();
    }
}
