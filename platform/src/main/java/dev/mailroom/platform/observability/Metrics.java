package dev.mailroom.platform.observability;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Naming conventions of Mailroom's metrics, shared by every service (ADR 0027): names start with
 * {@value #PREFIX} and are dotted in code ({@code mailroom.router.records}), which the Prometheus registry at
 * {@code /q/metrics} renders as {@code mailroom_router_records_total}; tags use the names below and a small, bounded
 * set of values (a reason's stable first word, never an address, id or free text). Each service keeps its own
 * metrics class in its own package; this class only removes the repetition.
 */
public final class Metrics {

    /** The prefix of every Mailroom metric. */
    public static final String PREFIX = "mailroom.";

    /** Tag: what became of the thing counted ({@code routed}, {@code delivered}, {@code failed}...). */
    public static final String OUTCOME = "outcome";
    /** Tag: a short, stable machine reason (the part of a dead-letter reason before its first colon). */
    public static final String REASON = "reason";
    /** Tag: an SMTP reply's code class ({@code 2xx}, {@code 4xx}, {@code 5xx}). */
    public static final String CODE_CLASS = "code_class";

    private Metrics() {
    }

    /**
     * The stable part of a reason text such as {@code "unparseable: no header"}: up to its first colon, at most 40
     * characters, so a tag never carries free text.
     */
    public static String reasonTag(String reason) {
        if (reason == null || reason.isBlank()) {
            return "unknown";
        }
        int colon = reason.indexOf(':');
        String head = (colon < 0 ? reason : reason.substring(0, colon)).strip();
        return head.length() > 40 ? head.substring(0, 40) : head;
    }

    /** {@code 2xx}, {@code 4xx} or {@code 5xx} for an SMTP reply code; {@code none} when there was no reply. */
    public static String codeClass(int code) {
        return code >= 200 && code < 600 ? (code / 100) + "xx" : "none";
    }

    /**
     * A family of counters that differ by one tag's value, registered once per value and then looked up without
     * building a meter id (a map lookup per increment, no allocation once the value was seen).
     */
    public static final class CounterFamily {
        private final MeterRegistry registry;
        private final String name;
        private final String description;
        private final Tags tags;
        private final String tagKey;
        private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

        /**
         * @param name    the dotted name, with {@link #PREFIX}
         * @param tags    tags every counter of the family has
         * @param tagKey  the tag whose value tells them apart
         */
        public CounterFamily(MeterRegistry registry, String name, String description, Tags tags, String tagKey) {
            if (!name.startsWith(PREFIX)) {
                throw new IllegalArgumentException("metric names start with " + PREFIX + ": " + name);
            }
            this.registry = registry;
            this.name = name;
            this.description = description;
            this.tags = tags;
            this.tagKey = tagKey;
        }

        /** The counter for {@code value}, registered on first use. */
        public Counter of(String value) {
            return counters.computeIfAbsent(value, v -> Counter.builder(name).description(description).tags(tags)
                    .tag(tagKey, v).register(registry));
        }

        /** Counts one for {@code value}. */
        public void increment(String value) {
            of(value).increment();
        }
    }
}
