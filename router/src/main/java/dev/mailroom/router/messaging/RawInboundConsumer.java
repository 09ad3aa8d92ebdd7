package dev.mailroom.router.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.mailroom.contract.Authentication;
import dev.mailroom.contract.ContractException;
import dev.mailroom.contract.DeadLetter;
import dev.mailroom.contract.DsnReport;
import dev.mailroom.contract.Envelope;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.KafkaHeaders;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.contract.ParsedMessage;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.contract.Topics;
import dev.mailroom.platform.events.Events;
import dev.mailroom.platform.table.AgentTable;
import dev.mailroom.platform.table.DomainTable;
import dev.mailroom.router.auth.AuthenticationChecker;
import dev.mailroom.router.config.RouterConfig;
import dev.mailroom.router.parse.MessageParser;
import dev.mailroom.router.parse.UnparseableMessageException;
import dev.mailroom.router.service.AddressResolver;
import dev.mailroom.router.service.DsnClassifier;
import dev.mailroom.router.service.Resolution;
import dev.mailroom.platform.observability.Spans;
import dev.mailroom.platform.observability.TraceHeaders;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Consumes raw messages and publishes one routed record per recipient, with the message's SPF, DKIM and DMARC
 * verdicts. Every raw record ends in exactly one of
 * these places: routed records for its routable recipients, and a dead letter (with the reason) for the message as
 * a whole (no envelope, unparseable) or for each unroutable recipient; a delivery status notification also becomes
 * one {@link DsnReport} on {@code mailroom.inbound.dsn} ({@link DsnClassifier}). The offset is committed only after
 * all of them are acknowledged by Kafka, so a crash re-routes the record; routed ids are derived from the inbound id
 * and recipient index, so the copies carry the same ids and downstream consumers drop them. Records are routed in
 * offset order without waiting for the previous record's acknowledgements (see {@link #onRaw}). Each raw record's
 * routing is a span {@code router.route}, child of the trace context the record carries; every record it publishes
 * carries that trace on (ADR 0027).
 *
 * <p>Nothing is routed before the agent registry ({@link AgentTable}) has been read to its end once: an address name
 * must never be dead-lettered {@code unknown-agent} only because this process had not read it yet. The domain
 * table is not waited for (configured domains route at once; see {@link AddressResolver}).
 */
@ApplicationScoped
public class RawInboundConsumer {

    /** The router's events: platform's factory (service {@code router}, ids, time). */
    static final Events EVENTS = new Events("router");
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    static final int START_WAIT_SECONDS = 5;

    private final MessageParser parser;
    private final AuthenticationChecker authentication;
    private final AddressResolver resolver;
    private final DsnClassifier dsns;
    private final MutinyEmitter<byte[]> routed;
    private final MutinyEmitter<byte[]> deadLetters;
    private final MutinyEmitter<byte[]> dsnReports;
    private final InflightLimit inflight;
    private final Tracer tracer;
    private final RouterMetrics metrics;
    private final DomainTable domains;
    private final AgentTable agents;

    public RawInboundConsumer(MessageParser parser, AuthenticationChecker authentication, AddressResolver resolver,
            DsnClassifier dsns, RouterConfig config, Tracer tracer, RouterMetrics metrics, DomainTable domains,
            AgentTable agents,
            @Channel(Channels.INBOUND_ROUTED) MutinyEmitter<byte[]> routed,
            @Channel(Channels.INBOUND_RECEIVED_DLQ) MutinyEmitter<byte[]> deadLetters,
            @Channel(Channels.INBOUND_DSN) MutinyEmitter<byte[]> dsnReports) {
        this.parser = parser;
        this.authentication = authentication;
        this.resolver = resolver;
        this.dsns = dsns;
        this.routed = routed;
        this.deadLetters = deadLetters;
        this.dsnReports = dsnReports;
        this.inflight = new InflightLimit(config.router().maxInflight());
        this.tracer = tracer;
        this.metrics = metrics;
        this.domains = domains;
        this.agents = agents;
    }

    /** Starts both tables on startup and gives them a few seconds to load (logged when they do not). */
    void awaitTables(@Observes StartupEvent event) throws InterruptedException {
        if (!domains.table().awaitLoaded(Duration.ofSeconds(START_WAIT_SECONDS))) {
            Log.warnf("domain table not loaded within %d s (Kafka unreachable?): mail for domains outside"
                    + " mailroom.domains is dead-lettered domain-not-accepted until it is", START_WAIT_SECONDS);
        }
        if (!agents.table().awaitLoaded(Duration.ofSeconds(START_WAIT_SECONDS))) {
            Log.warnf("agent registry (%s) not loaded within %d s (Kafka unreachable, topic missing?): nothing is"
                    + " routed until it is", Topics.AGENTS, START_WAIT_SECONDS);
        }
    }

    /** Records sent and not yet acknowledged, for tests and health. */
    public InflightLimit inflight() {
        return inflight;
    }

    @Incoming(Channels.INBOUND_RECEIVED)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> onRaw(Message<byte[]> message) {
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordMetadata<String, byte[]> meta = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("not a Kafka record"));
        ConsumerRecord<String, byte[]> record = meta.getRecord();
        // Records are routed one after another, in offset order, and their sends are handed to the producers in
        // that order (Kafka keeps it per partition). The next record is routed as soon as this one's sends are
        // out: Kafka's acknowledgement is awaited in the background (up to max-inflight records at once), then
        // the record is acknowledged; the throttled commit strategy commits only the contiguous prefix of
        // acknowledged offsets, so a crash re-routes every record whose sends were not all acknowledged.
        Span span = Spans.consume(tracer, "router.route", record.headers());
        span.setAttribute(Spans.MESSAGE_ID, String.valueOf(record.key()));
        Context trace = Context.root().with(span);
        return inflight.acquire()
                .chain(() -> Uni.createFrom().completionStage(agents.table().whenLoaded()))
                .chain(() -> routeRecord(record))
                .invoke(records -> publishWithRetry(records, trace).subscribe().with(
                        ok -> {
                            inflight.release();
                            counted(records);
                            span.end();
                            message.ack();
                        },
                        failure -> {
                            inflight.release();
                            Log.errorf(failure, "publish failed inboundKey=%s", record.key());
                            Spans.end(span, failure);
                            message.nack(failure);
                        }))
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> { // not routable even after retries: dead-letter strategy
                    inflight.release();
                    metrics.deadLettered("route-failed");
                    Spans.end(span, failure);
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }

    /** What one raw record turns into (parse and authentication on worker threads); never sends. */
    Uni<List<Outgoing>> routeRecord(ConsumerRecord<String, byte[]> record) {
        // Parsing a message of up to 25 MiB is CPU work: it runs on a worker thread, never on the event loop.
        return Uni.createFrom().item(() -> read(record))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(read -> (read.refused() != null ? Uni.createFrom().item(List.of(read.refused()))
                        : authentication.check(read.envelope().clientIp(), read.envelope().helo(),
                                read.envelope().mailFrom(), record.value(), read.fromDomain())
                                .map(verdicts -> route(record, read.envelope(), read.message(), verdicts)))
                        .map(records -> withDsnReport(records, read.dsn())))
                .onFailure().retry().withBackOff(FIRST_BACKOFF, Duration.ofSeconds(5)).atMost(5);
    }

    /**
     * Sends {@code records} (subscribing hands them to the producers at once, in order); completes when Kafka
     * acknowledged them all. A failed attempt sends them all again: the routed ids are the same, consumers drop
     * the copies.
     */
    Uni<Void> publishWithRetry(List<Outgoing> records, Context trace) {
        return Uni.createFrom().deferred(() -> publish(records, trace))
                .onFailure().retry().withBackOff(FIRST_BACKOFF, Duration.ofSeconds(5)).atMost(5);
    }

    /**
     * A raw record read: its envelope and parsed message, or the dead letter it became; and the DSN report it is,
     * or null.
     */
    record Read(Envelope envelope, ParsedMessage message, Outgoing refused, DsnReport dsn) {
        String fromDomain() {
            return message.from() == null ? null : message.from().domain();
        }
    }

    /** Reads the envelope and parses the message (CPU work: runs on a worker thread). */
    Read read(ConsumerRecord<String, byte[]> record) {
        Envelope envelope;
        try {
            envelope = Envelope.readFrom(record.headers());
        } catch (ContractException e) {
            return new Read(null, null, deadLetter(record, null, e.reason() + ": " + e.getMessage(), record.key()),
                    null);
        }
        // classified apart from the full parse: a DSN the parser refuses (a limit) still reaches its report
        DsnReport dsn = dsns.classify(envelope, record.value()).orElse(null);
        try {
            return new Read(envelope, parser.parse(record.value()), null, dsn);
        } catch (UnparseableMessageException e) {
            return new Read(envelope, null,
                    deadLetter(record, null, "unparseable: " + e.getMessage(), envelope.inboundId()), dsn);
        }
    }

    /** The records one parsed message turns into, one per recipient. Pure decision; nothing is sent here. */
    List<Outgoing> route(ConsumerRecord<String, byte[]> record, Envelope envelope, ParsedMessage parsed,
            Authentication verdicts) {
        ParsedMessage message = parsed;
        if (envelope.mailFrom().isEmpty() && message.autoReply() == null) {
            message = message.withAutoReply("null-sender");
        }
        String sender = message.from() != null ? message.from().address() : envelope.mailFrom();
        List<Outgoing> out = new ArrayList<>();
        for (int i = 0; i < envelope.rcptTo().size(); i++) {
            String recipient = envelope.rcptTo().get(i);
            String routedId = RoutedEmail.idFor(envelope.inboundId(), i);
            Resolution resolution = resolver.resolve(recipient, message, sender);
            if (resolution instanceof Resolution.Routed r) {
                RoutedEmail email = new RoutedEmail(RoutedEmail.VERSION, routedId, envelope.inboundId(), recipient,
                        r.agent(), r.route(), envelope.mailFrom(), envelope.clientIp(), envelope.receivedAt(),
                        message, verdicts);
                RecordHeaders headers = new RecordHeaders();
                headers.add(KafkaHeaders.MESSAGE_ID, email.id().getBytes());
                headers.add(KafkaHeaders.CAUSATION_ID, envelope.inboundId().getBytes());
                List<MailroomEvent> events = new ArrayList<>();
                events.add(EVENTS.event("inbound.routed", routedId, Map.of("agent", r.agent().key(),
                        "rule", r.rule(), "recipient", recipient, "verified", Boolean.toString(r.route().verified()))));
                if (r.route().detail() != null) {
                    events.add(EVENTS.event("inbound.reply-token-rejected", routedId,
                            Map.of("reason", r.route().detail(), "recipient", recipient, "agent", r.agent().key())));
                }
                out.add(new Outgoing(Outgoing.Kind.ROUTED, r.agent().key(), Json.encode(email), headers, events));
            } else if (resolution instanceof Resolution.Unroutable u) {
                out.add(deadLetter(record, recipient, u.reason() + ": " + u.detail(), routedId));
            }
        }
        return out;
    }

    /** {@code records} and, for a DSN, its report (key: send id, else original Message-ID; ADR 0026). */
    static List<Outgoing> withDsnReport(List<Outgoing> records, DsnReport dsn) {
        if (dsn == null) {
            return records;
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(KafkaHeaders.MESSAGE_ID, dsn.inboundId().getBytes());
        headers.add(KafkaHeaders.CAUSATION_ID, dsn.inboundId().getBytes());
        List<Outgoing> out = new ArrayList<>(records);
        out.add(new Outgoing(Outgoing.Kind.DSN_REPORT, dsn.key(), Json.encode(dsn), headers, List.of()));
        return out;
    }

    private Outgoing deadLetter(ConsumerRecord<String, byte[]> record, String recipient, String reason,
            String messageId) {
        var headers = DeadLetter.headers(record, reason, null);
        if (recipient != null) {
            headers.add(KafkaHeaders.DEAD_LETTER_RECIPIENT, recipient.getBytes());
        }
        Map<String, String> detail = recipient == null ? Map.of("reason", reason)
                : Map.of("reason", reason, "recipient", recipient);
        return new Outgoing(Outgoing.Kind.DEAD_LETTER, record.key(), record.value(), headers,
                List.of(EVENTS.event("inbound.dead-lettered", messageId == null ? "unknown" : messageId, detail)));
    }

    /** Counts what Kafka acknowledged: routed records by rule, dead letters by reason. */
    private void counted(List<Outgoing> records) {
        for (Outgoing o : records) {
            if (o.events().isEmpty()) {
                continue; // a record without events of its own is not a routing outcome
            }
            if (o.kind() == Outgoing.Kind.ROUTED) {
                metrics.routed(o.events().get(0).detail().get("rule"));
            } else if (o.kind() == Outgoing.Kind.DEAD_LETTER) {
                metrics.deadLettered(o.events().get(0).detail().get("reason"));
            }
        }
    }

    private Uni<Void> publish(List<Outgoing> records, Context trace) {
        List<Uni<Void>> sends = new ArrayList<>();
        for (Outgoing o : records) {
            MutinyEmitter<byte[]> target = switch (o.kind()) {
                case ROUTED -> routed;
                case DEAD_LETTER -> deadLetters;
                case DSN_REPORT -> dsnReports;
            };
            if (o.kind() == Outgoing.Kind.DEAD_LETTER) {
                Log.warnf("dead-lettered key=%s reason=%s", o.key(), o.events().get(0).detail().get("reason"));
            } else if (o.kind() == Outgoing.Kind.DSN_REPORT) {
                Log.infof("dsn reported key=%s", o.key());
            }
            sends.add(target.sendMessage(message(o.key(), o.value(), o.headers(), null, trace)));
            // a record's events go through its own producer: one produce request (and one acknowledgement) carries
            // both, where a producer of their own cost a request and a network thread's wake-up per message
            for (MailroomEvent event : o.events()) {
                sends.add(target.sendMessage(message(event.messageId(), Json.encode(event),
                        Events.headers(event, null), Topics.EVENTS, trace)));
            }
        }
        return sends.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    /**
     * A record for the emitter's topic, or for {@code topic} when not null, in the trace of {@code trace}: the Kafka
     * connector writes its {@code traceparent} (a dead letter's copied one is dropped first, so a record has one).
     */
    private static Message<byte[]> message(String key, byte[] value, org.apache.kafka.common.header.Headers headers,
            String topic, Context trace) {
        headers.remove(TraceHeaders.TRACEPARENT);
        var metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers);
        return Message.of(value).addMetadata((topic == null ? metadata : metadata.withTopic(topic)).build())
                .addMetadata(TracingMetadata.withCurrent(trace));
    }

    /** One record to publish, with the events that tell about it. */
    record Outgoing(Kind kind, String key, byte[] value, org.apache.kafka.common.header.Headers headers,
            List<MailroomEvent> events) {
        enum Kind {
            ROUTED, DEAD_LETTER, DSN_REPORT
        }
    }
}
