package dev.mailroom.contract;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The domains of the domain store, read from the compacted topic {@link Topics#DOMAINS}: every partition assigned by
 * hand, read from the beginning and followed, without a consumer group (each process needs the whole table, and
 * nothing is committed). A record adds or updates its domain, a tombstone removes it, so a domain added or removed
 * at egress-sender is accepted or refused by readers within about a second.
 *
 * <p>Until the table has caught up with the topic once, {@link #loaded()} is false; {@link #awaitLoaded(Duration)}
 * waits for that. Framework-free (kafka-clients only): services wrap it in a CDI bean that calls {@link #start()} and
 * {@link #close()} on their startup and shutdown.
 */
public final class DomainTable implements AutoCloseable {

    private static final Logger LOG = System.getLogger(DomainTable.class.getName());
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration PARTITION_CHECK = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final String clientId;
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public DomainTable(String bootstrapServers) {
        this(bootstrapServers, "mailroom-domains");
    }

    /** @param clientId the Kafka client id (per service, for broker logs and metrics) */
    public DomainTable(String bootstrapServers, String clientId) {
        this.bootstrapServers = bootstrapServers;
        this.clientId = clientId;
    }

    /** Whether the domain store has {@code domain} (any case) as an accepted domain. */
    public boolean accepts(String domain) {
        return accepted.contains(domain.toLowerCase(Locale.ROOT));
    }

    /** Whether the table has read the topic up to its end at least once. */
    public boolean loaded() {
        return caughtUp.getCount() == 0;
    }

    /** The accepted domains now (for logs and tests). */
    public Set<String> domains() {
        return Set.copyOf(accepted);
    }

    /** Starts reading the topic on a background (daemon) thread; returns at once. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = new Thread(this::run, "mailroom-domain-table");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until the table is {@link #loaded()}, at most {@code timeout}; whether it is. */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
                    LOG.log(Level.WARNING, "reading {0} failed, retrying: {1}", Topics.DOMAINS, e.toString());
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
                List<PartitionInfo> infos = c.partitionsFor(Topics.DOMAINS, Duration.ofSeconds(5));
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
                apply(r);
            }
            if (!loaded() && caughtUp(c, catchUpTo)) {
                caughtUp.countDown();
                LOG.log(Level.INFO, "domain table loaded domains={0}", accepted);
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

    void apply(ConsumerRecord<String, byte[]> r) {
        if (r.key() == null) {
            return;
        }
        String domain = r.key().toLowerCase(Locale.ROOT);
        if (r.value() == null) {
            if (accepted.remove(domain)) {
                LOG.log(Level.INFO, "domain removed domain={0}", domain);
            }
            return;
        }
        try {
            DomainRecord record = Json.decode(r.value(), DomainRecord.class, DomainRecord.VERSION);
            if (record.accepted()) {
                if (accepted.add(domain)) {
                    LOG.log(Level.INFO, "domain accepted domain={0}", domain);
                }
            } else if (accepted.remove(domain)) {
                LOG.log(Level.INFO, "domain no longer accepted domain={0}", domain);
            }
        } catch (ContractException e) {
            LOG.log(Level.WARNING, "ignoring undecodable record of {0} key={1}: {2}", Topics.DOMAINS, r.key(),
                    e.getMessage());
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
