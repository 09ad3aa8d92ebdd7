package dev.mailroom.stack;

import dev.mailroom.contract.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates every topic of {@link Topics#ALL}, idempotently: missing topics are created, existing ones keep their
 * partitions and only get {@code max.message.bytes} set to {@link Topics#MAX_RECORD_BYTES} if it differs (and
 * {@code cleanup.policy=compact} for the topics of {@link Topics#COMPACTED}). Dead-letter topics get one partition;
 * the replication factor is the broker's default (1 on the local node).
 */
public final class TopicCreator {

    private static final Logger LOG = LoggerFactory.getLogger(TopicCreator.class);

    /** Partitions of a non-dead-letter topic unless told otherwise. */
    public static final int DEFAULT_PARTITIONS = 4;

    /** How long {@link #ensure(String, int)} may take before it gives up. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private TopicCreator() {
    }

    /** What {@link #ensure} did. */
    public record Result(List<String> created, List<String> existing, List<String> reconfigured) {
    }

    /** {@link #ensure(String, int, Duration)} with {@value #DEFAULT_PARTITIONS} partitions. */
    public static Result ensure(String bootstrapServers) {
        return ensure(bootstrapServers, DEFAULT_PARTITIONS, DEFAULT_TIMEOUT);
    }

    /** {@link #ensure(String, int, Duration)} with {@link #DEFAULT_TIMEOUT}. */
    public static Result ensure(String bootstrapServers, int partitions) {
        return ensure(bootstrapServers, partitions, DEFAULT_TIMEOUT);
    }

    /**
     * Creates the missing topics of {@link Topics#ALL} on {@code bootstrapServers}.
     *
     * @param partitions partitions of each topic that is not a dead-letter topic (dead-letter topics get 1)
     * @throws IllegalStateException when the broker cannot be reached or refuses, within {@code timeout}
     */
    public static Result ensure(String bootstrapServers, int partitions, Duration timeout) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "mailroom-topic-creator");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(timeout.toMillis(), 15_000)));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        String maxBytes = Integer.toString(Topics.MAX_RECORD_BYTES);
        try (Admin admin = Admin.create(props)) {
            Set<String> present = get(admin.listTopics().names(), deadline);

            List<NewTopic> toCreate = new ArrayList<>();
            List<String> existing = new ArrayList<>();
            for (String topic : Topics.ALL) {
                if (present.contains(topic)) {
                    existing.add(topic);
                } else {
                    int n = isDeadLetter(topic) ? 1 : partitions;
                    toCreate.add(new NewTopic(topic, Optional.of(n), Optional.empty())
                            .configs(configsOf(topic, maxBytes)));
                }
            }

            List<String> created = new ArrayList<>();
            if (!toCreate.isEmpty()) {
                Map<String, KafkaFuture<Void>> results = admin.createTopics(toCreate).values();
                for (Map.Entry<String, KafkaFuture<Void>> e : results.entrySet()) {
                    try {
                        get(e.getValue(), deadline);
                        created.add(e.getKey());
                    } catch (IllegalStateException ex) {
                        if (ex.getCause() instanceof TopicExistsException) {
                            existing.add(e.getKey()); // created concurrently by someone else
                        } else {
                            throw ex;
                        }
                    }
                }
            }

            List<String> reconfigured = ensureConfigs(admin, existing, maxBytes, deadline);
            LOG.info("Topics on {}: created {}, already present {}, reconfigured (max.message.bytes, cleanup.policy) {}",
                    bootstrapServers, created, existing, reconfigured);
            return new Result(List.copyOf(created), List.copyOf(existing), reconfigured);
        }
    }

    /** The topic-level settings {@code topic} must have. */
    static Map<String, String> configsOf(String topic, String maxBytes) {
        return Topics.COMPACTED.contains(topic)
                ? Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, maxBytes,
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                : Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, maxBytes);
    }

    private static List<String> ensureConfigs(Admin admin, Collection<String> topics, String maxBytes,
            long deadline) {
        if (topics.isEmpty()) {
            return List.of();
        }
        List<ConfigResource> resources = topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, Config> configs = get(admin.describeConfigs(resources).all(), deadline);
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        configs.forEach((resource, config) -> {
            List<AlterConfigOp> ops = new ArrayList<>();
            configsOf(resource.name(), maxBytes).forEach((name, value) -> {
                ConfigEntry entry = config.get(name);
                if (entry == null || !value.equals(entry.value())) {
                    ops.add(new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET));
                }
            });
            if (!ops.isEmpty()) {
                changes.put(resource, ops);
            }
        });
        if (changes.isEmpty()) {
            return List.of();
        }
        get(admin.incrementalAlterConfigs(changes).all(), deadline);
        return changes.keySet().stream().map(ConfigResource::name).sorted().toList();
    }

    private static boolean isDeadLetter(String topic) {
        return topic.endsWith(".dlq");
    }

    private static <T> T get(KafkaFuture<T> future, long deadline) {
        long remaining = Math.max(1, deadline - System.nanoTime());
        try {
            return future.get(remaining, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out", e);
        }
    }
}
