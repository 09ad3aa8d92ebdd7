package dev.mailroom.agenthost.messaging;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.MDC;

import dev.mailroom.agent.Agent;
import dev.mailroom.agent.PermanentAgentFailure;
import dev.mailroom.agenthost.config.AgentHostConfig;
import dev.mailroom.agenthost.service.AgentRegistry;
import dev.mailroom.agenthost.service.InboundProcessor;
import dev.mailroom.contract.ContractException;
import dev.mailroom.contract.DeadLetter;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.platform.observability.Spans;
import dev.mailroom.platform.observability.TraceHeaders;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Vertx;

/**
 * Consumes routed messages as a stream and dispatches each record to the lane of its Kafka key (the agent instance,
 * {@code Class/instance}) through {@link KeyedLanes}: one instance's records run one after another in offset order,
 * different instances run concurrently (up to {@code mailroom.agent.concurrency}), even within one partition. Each
 * record ends processed (state, history and outbox committed), skipped as a duplicate, or dead-lettered with a
 * reason: undecodable record, no agent for its class, or an agent that kept failing after
 * {@code mailroom.agent.max-attempts} attempts with backoff (only its own lane waits). Then it is acknowledged;
 * SmallRye's throttled commit strategy commits the contiguous prefix of acknowledged offsets, so a crash redelivers
 * every record not fully processed (and the processed table skips those that were). Each record's handling is a span
 * {@code agent.call}, child of the trace context the record carries; the outbox records it publishes and its dead
 * letter carry that trace on (ADR 0027), and {@link AgentMetrics} counts and times it.
 */
@ApplicationScoped
public class RoutedConsumer {

    private final AgentRegistry registry;
    private final InboundProcessor processor;
    private final OutboxRelay relay;
    private final AgentHostConfig config;
    private final MutinyEmitter<byte[]> deadLetters;
    private final KeyedLanes lanes;
    private final Tracer tracer;
    private final AgentMetrics metrics;

    public RoutedConsumer(AgentRegistry registry, InboundProcessor processor, OutboxRelay relay,
            AgentHostConfig config, @Channel(Channels.INBOUND_ROUTED_DLQ) MutinyEmitter<byte[]> deadLetters,
            Vertx vertx, Tracer tracer, AgentMetrics metrics) {
        this.tracer = tracer;
        this.metrics = metrics;
        this.registry = registry;
        this.processor = processor;
        this.relay = relay;
        this.config = config;
        this.deadLetters = deadLetters;
        this.lanes = new KeyedLanes(config.agent().concurrency(), config.agent().maxPending(),
                task -> SafeContext.run(vertx, task));
    }

    /** The dispatcher, for tests and health. */
    public KeyedLanes lanes() {
        return lanes;
    }

    @Incoming(Channels.INBOUND_ROUTED)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> onRouted(Message<byte[]> message) {
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordMetadata<String, byte[]> meta = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("not a Kafka record"));
        ConsumerRecord<String, byte[]> record = meta.getRecord();
        String key = record.key() == null ? "" : record.key();
        return lanes.submit(key, () -> handle(record)
                .onItemOrFailure().transformToUni((ok, failure) -> {
                    CompletionStage<Void> settled = failure == null ? message.ack() : message.nack(failure);
                    return Uni.createFrom().completionStage(settled);
                }));
    }

    /** Processes one record to its end: processed, duplicate or dead-lettered. Fails only if dead-lettering fails. */
    Uni<Void> handle(ConsumerRecord<String, byte[]> record) {
        long start = System.nanoTime();
        Span span = Spans.consume(tracer, "agent.call", record.headers());
        span.setAttribute("mailroom.agent", String.valueOf(record.key()));
        Context trace = Context.root().with(span);
        return handle(record, trace, start).onItemOrFailure().invoke((ok, failure) -> Spans.end(span, failure));
    }

    private Uni<Void> handle(ConsumerRecord<String, byte[]> record, Context trace, long start) {
        MDC.remove("messageId");
        MDC.put("traceId", Span.fromContext(trace).getSpanContext().getTraceId()); // like messageId: for every line
        RoutedEmail routed;
        try {
            routed = Json.decode(record.value(), RoutedEmail.class, RoutedEmail.VERSION);
        } catch (ContractException e) {
            metrics.call("unknown", "dead-lettered", start);
            return deadLetter(record, e.reason() + ": " + e.getMessage(), e, trace);
        }
        String agentClass = routed.agent().className();
        Agent agent = registry.find(agentClass).orElse(null);
        if (agent == null) {
            metrics.call("unknown", "dead-lettered", start);
            return deadLetter(record, "no-agent-class: no agent registered for class '"
                    + routed.agent().className() + "'", null, trace);
        }
        MDC.put("messageId", routed.id());
        Span.fromContext(trace).setAttribute(Spans.MESSAGE_ID, routed.id());
        return processor.process(routed, agent)
                .onFailure().invoke(f -> metrics.failure(agentClass, f instanceof PermanentAgentFailure))
                .onFailure(f -> !(f instanceof PermanentAgentFailure)).retry()
                .withBackOff(config.agent().retryBackoff(), config.agent().retryBackoff().multipliedBy(10))
                .atMost(config.agent().maxAttempts() - 1L)
                .onItemOrFailure().transformToUni((outcome, failure) -> {
                    if (failure instanceof PermanentAgentFailure permanent) {
                        Log.warnf("agent refused routedId=%s agent=%s reason=%s", routed.id(), routed.agent().key(),
                                permanent.reason());
                        metrics.call(agentClass, "refused", start);
                        return deadLetter(record, permanent.reason(), failure, trace);
                    }
                    if (failure != null) {
                        Log.errorf(failure, "agent failed routedId=%s agent=%s", routed.id(), routed.agent().key());
                        metrics.call(agentClass, "failed", start);
                        return deadLetter(record, "agent-failed: " + failure, failure, trace);
                    }
                    metrics.call(agentClass, outcome.outcome() == InboundProcessor.Outcome.PROCESSED ? "processed"
                            : "duplicate", start);
                    if (outcome.outcome() == InboundProcessor.Outcome.PROCESSED) {
                        relay.publishCommitted(outcome.outbox(), trace); // now, rather than at the relay's next poll
                    }
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> deadLetter(ConsumerRecord<String, byte[]> record, String reason, Throwable cause,
            Context trace) {
        Log.warnf("dead-lettered key=%s reason=%s", record.key(), reason);
        var headers = DeadLetter.headers(record, reason, cause);
        headers.remove(TraceHeaders.TRACEPARENT); // the connector writes this hop's
        return deadLetters.sendMessage(Message.of(record.value()).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(record.key())
                        .withHeaders(headers).build()).addMetadata(TracingMetadata.withCurrent(trace)));
    }
}
