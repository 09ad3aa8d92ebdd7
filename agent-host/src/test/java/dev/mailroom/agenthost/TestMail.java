package dev.mailroom.agenthost;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import dev.mailroom.agenthost.model.AgentSchedule;
import dev.mailroom.agenthost.model.Draft;
import dev.mailroom.agenthost.repository.DraftRepository;
import dev.mailroom.agenthost.repository.ScheduleRepository;
import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.ParsedMessage;
import dev.mailroom.contract.Route;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.contract.Topics;
import dev.mailroom.stack.KafkaTestClient;
import io.quarkus.arc.Arc;
import io.quarkus.hibernate.reactive.panache.Panache;

/** Routed records as the router writes them, and the outbound requests they cause, for the flow tests. */
public final class TestMail {

    public static final Duration WAIT = Duration.ofSeconds(30);

    private TestMail() {
    }

    /** A unique instance name per test, so tests sharing one broker and database do not see each other. */
    public static String instance(String prefix) {
        return prefix + "-" + Ids.newId().substring(16);
    }

    /** A message from ann@example.org to {@code <local>+<instance>@agents.test}, not part of a thread. */
    public static RoutedEmail routed(String className, String instance, String subject) {
        return routed(className, instance, subject, List.of(), Route.byAddress());
    }

    /** A message answering {@code parents} (In-Reply-To the last, References all of them). */
    public static RoutedEmail routed(String className, String instance, String subject, List<String> parents,
            Route route) {
        return routed(className, instance, subject, parents, route, new EmailAddress("Ann", "ann@example.org"));
    }

    /** A message from {@code from} answering {@code parents} (In-Reply-To the last, References all of them). */
    public static RoutedEmail routed(String className, String instance, String subject, List<String> parents,
            Route route, EmailAddress from) {
        String inbound = Ids.newId();
        String local = className.toLowerCase(java.util.Locale.ROOT);
        ParsedMessage m = new ParsedMessage(inbound + "@example.org",
                parents.isEmpty() ? List.of() : List.of(parents.get(parents.size() - 1)), parents,
                from, null,
                List.of(EmailAddress.of(local + "+" + instance + "@agents.test")), null, subject, null, "hello there",
                null, null, parents.isEmpty() ? inbound + "@example.org" : parents.get(0), null, null, null);
        return new RoutedEmail(RoutedEmail.VERSION, inbound + ".0", inbound, local + "+" + instance + "@agents.test",
                new AgentRef(className, instance), route, from.address(), "127.0.0.1", Instant.now(), m);
    }

    /** Runs {@code work} on a safe Vert.x context (Hibernate Reactive) and waits for its item. */
    public static <T> T inVertx(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> work) {
        try {
            return io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /** The draft {@code id}, once the message that makes it has been processed. */
    public static Draft awaitDraft(String id) {
        DraftRepository drafts = Arc.container().instance(DraftRepository.class).get();
        return org.awaitility.Awaitility.await().atMost(WAIT)
                .until(() -> inVertx(() -> Panache.withSession(() -> drafts.findById(id))), d -> d != null);
    }

    /** The schedule {@code id} as stored now, or null. */
    public static AgentSchedule schedule(String id) {
        ScheduleRepository schedules = Arc.container().instance(ScheduleRepository.class).get();
        return inVertx(() -> Panache.withSession(() -> schedules.findById(id)));
    }

    public static void publish(RoutedEmail email) {
        KafkaTestClient.produce(Topics.INBOUND_ROUTED, email.agent().key(), Json.encode(email), new RecordHeaders());
    }

    /** The single outbound request caused by {@code causationId} (a routed id or a schedule id). */
    public static OutboundRequest causedBy(String causationId) {
        return causedBy(causationId, 1).get(0);
    }

    /** The first {@code count} outbound requests caused by {@code causationId}, in topic order per partition. */
    public static List<OutboundRequest> causedBy(String causationId, int count) {
        return KafkaTestClient.await(Topics.OUTBOUND_REQUESTED, r -> causationId.equals(request(r).causationId()),
                count, WAIT).stream().map(TestMail::request).toList();
    }

    /** How many outbound requests {@code causationId} caused, after the topic has been quiet for two seconds. */
    public static long countCausedBy(String causationId) {
        return KafkaTestClient.readAll(Topics.OUTBOUND_REQUESTED, Duration.ofSeconds(2)).stream()
                .filter(r -> causationId.equals(request(r).causationId())).count();
    }

    public static OutboundRequest request(ConsumerRecord<String, byte[]> r) {
        return Json.decode(r.value(), OutboundRequest.class, OutboundRequest.VERSION);
    }
}
