package dev.mailroom.platform.table;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import dev.mailroom.contract.ContractException;

/**
 * A compacted topic read as a table, key → value: every partition assigned by hand, read from the beginning and
 * followed, without a consumer group (each process needs the whole table, and nothing is committed). A record adds or
 * replaces its key's value, a tombstone (null value) removes the key; a record whose value cannot be decoded is
 * logged and ignored (the key keeps its previous value), as is a record without a key.
 *
 * <p>Until the table has read every partition up to the end it had when reading started, {@link #loaded()} is false;
 * {@link #whenLoaded()} completes, and {@link #awaitLoaded(Duration)} returns, once it is. A topic that does not exist
 * yet is waited for. Listeners are called on the reading thread, in record order, for every change (during the first
 * load too); they must be quick and must not block.
 *
 * <p>Framework-free (kafka-clients only): the CDI beans of this package ({@link DomainTable}, {@link AgentTable})
 * start it when they are created and close it on shutdown.
 *
 * @param <V> the decoded value
 */
public final class TopicTable<V> implements AutoCloseable {

    /** Turns a record's value into a table value; throws {@link ContractException} for a value it refuses. */
    @FunctionalInterface
    public interface Decoder<V> {
        V decode(byte[] value);
    }

    /** A change of one key: {@code previous} or {@code current} is null when the key was absent or removed. */
    @FunctionalInterface
    public interface Listener<V> {
        void changed(String key, V previous, V current);
    }

    private static final Logger LOG = Logger.getLogger(TopicTable.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration PARTITION_CHECK = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final String topic;
    private final String clientId;
    private final Decoder<V> decoder;
    private final UnaryOperator<String> keys;
    private final Map<String, V> values = new ConcurrentHashMap<>();
    private final List<Listener<V>> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private volatile boolean stopping;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    /**
     * @param clientId the Kafka client id (per service and table, for broker logs and metrics)
     * @param keys     normalises a record key and a looked-up key (e.g. lower case for domains)
     */
    public TopicTable(String bootstrapServers, String topic, String clientId, Decoder<V> decoder,
            UnaryOperator<String> keys) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.clientId = clientId;
        this.decoder = decoder;
        this.keys = keys;
    }

    /** The topic this table reads. */
    public String topic() {
        return topic;
    }

    /** The value of {@code key} now. */
    public Optional<V> get(String key) {
        return Optional.ofNullable(values.get(keys.apply(key)));
    }

    /** A copy of the whole table now. */
    public Map<String, V> snapshot() {
        return Map.copyOf(values);
    }

    /** Whether the table has read the topic up to its end at least once. */
    public boolean loaded() {
        return caughtUp.isDone();
    }

    /** Completes once the table is {@link #loaded()} (at once when it is). */
    public CompletionStage<Void> whenLoaded() {
        return caughtUp.minimalCompletionStage();
    }

    /** Waits until the table is {@link #loaded()}, at most {@code timeout}; whether it is. */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        try {
            caughtUp.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("never fails", e);
        }
    }

    /** Calls {@code listener} for every later change. */
    public void addListener(Listener<V> listener) {
        listeners.add(listener);
    }

    /** Starts reading the topic on a background (daemon) thread; returns at once. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = new Thread(this::run, "mailroom-table-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops reading: wakes the consumer and waits for the thread (up to 10 s). */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.join(10_000);
        }
    }

    private void run() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // never create the topic by reading it: a compacted topic created by a reader would be a plain one
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        boolean warned = false;
        while (!stopping) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props)) {
                consumer = c;
                if (stopping) {
                    return; // a wakeup before the consumer existed
                }
                follow(c);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!warned) {
                    LOG.warnf("reading %s failed, retrying: %s", topic, e.toString());
                    warned = true;
                }
                sleep(2_000);
            }
        }
    }

    private void follow(KafkaConsumer<String, byte[]> c) {
        Set<TopicPartition> assigned = new HashSet<>();
        Map<TopicPartition, Long> catchUpTo = new HashMap<>();
        long nextPartitionCheck = 0;
        while (!stopping) {
            if (System.nanoTime() >= nextPartitionCheck || assigned.isEmpty()) {
                List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(5));
                Set<TopicPartition> partitions = new HashSet<>();
                if (infos != null) {
                    infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                }
                if (partitions.isEmpty()) {
                    sleep(1_000); // the topic does not exist (yet)
                    continue;
                }
                if (!partitions.equals(assigned)) {
                    Set<TopicPartition> added = new HashSet<>(partitions);
                    added.removeAll(assigned);
                    c.assign(partitions);
                    c.seekToBeginning(added);
                    assigned = partitions;
                    if (!loaded()) {
                        catchUpTo = c.endOffsets(partitions, Duration.ofSeconds(10));
                    }
                }
                nextPartitionCheck = System.nanoTime() + PARTITION_CHECK.toNanos();
            }
            for (ConsumerRecord<String, byte[]> r : c.poll(POLL)) {
                apply(r.key(), r.value());
            }
            if (!loaded() && caughtUp(c, catchUpTo)) {
                LOG.infof("table loaded topic=%s keys=%d", topic, values.size());
                caughtUp.complete(null);
            }
        }
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> c, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (c.position(end.getKey(), Duration.ofSeconds(5)) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Applies one record (package-private for tests without a broker). */
    void apply(String rawKey, byte[] value) {
        if (rawKey == null) {
            return;
        }
        String key = keys.apply(rawKey);
        V current;
        if (value == null) {
            current = null;
        } else {
            try {
                current = decoder.decode(value);
            } catch (ContractException e) {
                LOG.warnf("ignoring undecodable record of %s key=%s: %s", topic, rawKey, e.getMessage());
                return;
            }
        }
        V previous = current == null ? values.remove(key) : values.put(key, current);
        if (previous == null && current == null) {
            return;
        }
        for (Listener<V> listener : listeners) {
            try {
                listener.changed(key, previous, current);
            } catch (RuntimeException e) {
                LOG.errorf(e, "table listener failed topic=%s key=%s", topic, key);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
