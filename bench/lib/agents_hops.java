// Per-hop latency of the agents pipeline from Kafka record timestamps (CreateTime, set by each producer at send):
// ingress -> router = routed record's time - raw record's time (matched by inbound id), router -> agent-host =
// outbound request's time - routed record's time (matched by routed id, the request's causation id); in egress-sender,
// request -> spooled = the outbound.queued event's "at" - the request's time, spooled -> sent = the outbound.sent (or
// outbound.delivered) event's "at" - the queued event's "at" (events matched by send id = the request's message id).
// Reads the topics from the beginning until they are quiet for 2 s; only records at or after SINCE_MS (epoch ms) count.
// Prints "hop count p50_ms p90_ms p99_ms max_ms" per hop. Helper of bench/agents; run on a live stack:
//   java -cp 'stack/target/lib/*' bench/lib/agents_hops.java BOOTSTRAP [SINCE_MS]
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.*;
import org.apache.kafka.clients.consumer.*;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

public class AgentsHops {
    public static void main(String[] a) throws Exception {
        long since = a.length > 1 ? Long.parseLong(a[1]) : 0;
        Map<String, Long> received = read(a[0], "mailroom.inbound.received", "mailroom.inbound-id", since);
        Map<String, long[]> routed = new HashMap<>(); // routed id -> {time, raw time}
        List<Long> router = new ArrayList<>();
        for (var r : records(a[0], "mailroom.inbound.routed", since)) {
            Long t0 = received.get(header(r, "mailroom.causation-id"));
            if (t0 != null) {
                router.add(r.timestamp() - t0);
                routed.put(header(r, "mailroom.message-id"), new long[] {r.timestamp(), t0});
            }
        }
        List<Long> agent = new ArrayList<>(), both = new ArrayList<>();
        Map<String, Long> requested = new HashMap<>(); // send id -> request's time
        for (var r : records(a[0], "mailroom.outbound.requested", since)) {
            requested.put(header(r, "mailroom.message-id"), r.timestamp());
            long[] t = routed.get(header(r, "mailroom.causation-id"));
            if (t != null) {
                agent.add(r.timestamp() - t[0]);
                both.add(r.timestamp() - t[1]);
            }
        }
        Map<String, Long> queued = new HashMap<>(), sent = new HashMap<>();
        for (var r : records(a[0], "mailroom.events", since)) {
            String json = new String(r.value(), StandardCharsets.UTF_8);
            String type = field(json, "type"), id = field(json, "messageId"), at = field(json, "at");
            if (type == null || id == null || at == null) continue;
            long t = java.time.Instant.parse(at).toEpochMilli();
            if (type.equals("outbound.queued")) queued.put(id, t);
            else if (type.equals("outbound.sent") || type.equals("outbound.delivered")) sent.merge(id, t, Math::min);
        }
        List<Long> spool = new ArrayList<>(), deliver = new ArrayList<>();
        for (var e : requested.entrySet()) {
            Long q = queued.get(e.getKey()), d = sent.get(e.getKey());
            if (q != null) spool.add(q - e.getValue());
            if (q != null && d != null) deliver.add(d - q);
        }
        print("ingress->router", router);
        print("router->agent-host", agent);
        print("ingress->agent-host", both);
        print("request->spooled", spool);
        print("spooled->sent", deliver);
    }

    static void print(String hop, List<Long> v) {
        Collections.sort(v);
        if (v.isEmpty()) { System.out.println(hop + " 0 - - - -"); return; }
        System.out.printf("%s %d %d %d %d %d%n", hop, v.size(), q(v, .5), q(v, .9), q(v, .99), v.get(v.size() - 1));
    }

    /** The string value of a top-level field of a flat JSON object (enough for mailroom.events' fixed shape). */
    static String field(String json, String name) {
        var m = java.util.regex.Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    static long q(List<Long> v, double p) {
        return v.get(Math.min(v.size() - 1, (int) Math.floor(p * v.size())));
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static Map<String, Long> read(String bootstrap, String topic, String idHeader, long since) {
        Map<String, Long> out = new HashMap<>();
        for (var r : records(bootstrap, topic, since)) {
            out.put(header(r, idHeader), r.timestamp());
        }
        return out;
    }

    static List<ConsumerRecord<byte[], byte[]>> records(String bootstrap, String topic, long since) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (var c = new KafkaConsumer<byte[], byte[]>(p)) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long quietSince = System.currentTimeMillis();
            while (System.currentTimeMillis() - quietSince < 2000) {
                var got = c.poll(Duration.ofMillis(200));
                if (!got.isEmpty()) quietSince = System.currentTimeMillis();
                for (var r : got) if (r.timestamp() >= since) out.add(r);
                if (parts.stream().allMatch(tp -> c.position(tp) >= end.get(tp))) break;
            }
        }
        return out;
    }
}
