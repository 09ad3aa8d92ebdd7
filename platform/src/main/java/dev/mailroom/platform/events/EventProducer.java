package dev.mailroom.platform.events;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.platform.kafka.KafkaDefaults;
import io.opentelemetry.context.Context;

/**
 * Publishes events on a producer of its own, for services whose events do not ride another record's producer.
 * Fire and forget: {@link #publish} builds the record (with the caller's trace context) and queues it for one
 * sender thread, so an event never delays or fails what it tells about, even when the broker is down (where
 * {@code send} may block on metadata). A full queue or a failed send is logged and the event is lost. Settings:
 * {@link KafkaDefaults#producer} then {@link #settings}' own (events are not worth {@code acks=all} waits).
 * Framework-free; the owning bean {@link #close()}s it on shutdown.
 */
public final class EventProducer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EventProducer.class);

    /** Events waiting for the sender thread; more are dropped. */
    public static final int QUEUE = 10_000;

    private final KafkaProducer<String, byte[]> producer;
    private final ThreadPoolExecutor sender;

    /** A producer with {@link #settings}; {@code clientId} also names the sender thread. */
    public EventProducer(String bootstrapServers, String clientId) {
        this.producer = new KafkaProducer<>(settings(bootstrapServers, clientId));
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, clientId);
            t.setDaemon(true);
            return t;
        });
    }

    /** The shared producer settings, then acks=1, no idempotence, 5 ms linger, short blocking and timeouts. */
    public static Properties settings(String bootstrapServers, String clientId) {
        Properties props = KafkaDefaults.producer(bootstrapServers, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return props;
    }

    /** Queues {@code event} (no causation); never blocks, never throws. */
    public void publish(MailroomEvent event) {
        publish(event, null);
    }

    /** Queues {@code event} with its causation id (may be null); never blocks, never throws. */
    public void publish(MailroomEvent event, String causationId) {
        try {
            ProducerRecord<String, byte[]> record = Events.record(event, causationId, Context.current());
            sender.execute(() -> send(record, event));
        } catch (RejectedExecutionException e) {
            LOG.warnf("event dropped type=%s messageId=%s reason=queue-full", event.type(), event.messageId());
        } catch (RuntimeException e) {
            LOG.warnf("event dropped type=%s messageId=%s error=%s", event.type(), event.messageId(), e.toString());
        }
    }

    private void send(ProducerRecord<String, byte[]> record, MailroomEvent event) {
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    LOG.warnf("event not published type=%s messageId=%s error=%s", event.type(), event.messageId(),
                            error.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("event not published type=%s messageId=%s error=%s", event.type(), event.messageId(),
                    e.toString());
        }
    }

    /** Sends what is queued (up to 5 s), then closes the producer (up to 5 s). */
    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
