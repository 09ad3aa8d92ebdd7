package dev.mailroom.agenthost.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.MDC;

import dev.mailroom.agenthost.agent.Agent;
import dev.mailroom.agenthost.config.AgentHostConfig;
import dev.mailroom.agenthost.service.AgentRegistry;
import dev.mailroom.agenthost.service.InboundProcessor;
import dev.mailroom.contract.ContractException;
import dev.mailroom.contract.DeadLetter;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.RoutedEmail;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Consumes routed messages. Each record ends processed (state, history and outbox committed), skipped as a
 * duplicate, or dead-lettered with a reason: undecodable record, no agent for its class, or an agent that kept
 * failing after {@code mailroom.agent.max-attempts} attempts. The offset is committed after that.
 */
@ApplicationScoped
public class RoutedConsumer {

    private final AgentRegistry registry;
    private final InboundProcessor processor;
    private final OutboxRelay relay;
    private final AgentHostConfig config;
    private final MutinyEmitter<byte[]> deadLetters;

    public RoutedConsumer(AgentRegistry registry, InboundProcessor processor, OutboxRelay relay,
            AgentHostConfig config, @Channel(Channels.INBOUND_ROUTED_DLQ) MutinyEmitter<byte[]> deadLetters) {
        this.registry = registry;
        this.processor = processor;
        this.relay = relay;
        this.config = config;
        this.deadLetters = deadLetters;
    }

    @Incoming(Channels.INBOUND_ROUTED)
    public Uni<Void> onRouted(ConsumerRecord<String, byte[]> record) {
        RoutedEmail routed;
        try {
            routed = Json.decode(record.value(), RoutedEmail.class, RoutedEmail.VERSION);
        } catch (ContractException e) {
            return deadLetter(record, e.reason() + ": " + e.getMessage(), e);
        }
        Agent agent = registry.find(routed.agent().className()).orElse(null);
        if (agent == null) {
            return deadLetter(record, "no-agent-class: no agent registered for class '"
                    + routed.agent().className() + "'", null);
        }
        MDC.put("messageId", routed.id());
        return processor.process(routed, agent)
                .onFailure().retry()
                .withBackOff(config.agent().retryBackoff(), config.agent().retryBackoff().multipliedBy(10))
                .atMost(config.agent().maxAttempts() - 1L)
                .onItemOrFailure().transformToUni((outcome, failure) -> {
                    if (failure != null) {
                        Log.errorf(failure, "agent failed routedId=%s agent=%s", routed.id(), routed.agent().key());
                        return deadLetter(record, "agent-failed: " + failure, failure);
                    }
                    // publish the new outbox records now rather than at the next poll
                    return relay.publishPending();
                })
                .eventually(() -> MDC.remove("messageId"));
    }

    private Uni<Void> deadLetter(ConsumerRecord<String, byte[]> record, String reason, Throwable cause) {
        Log.warnf("dead-lettered key=%s reason=%s", record.key(), reason);
        return deadLetters.sendMessage(Message.of(record.value()).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(record.key())
                        .withHeaders(DeadLetter.headers(record, reason, cause)).build()));
    }

}
