// Samples the backlog (consumer lag: end offsets - committed offsets) of Mailroom's pipeline stages every INTERVAL
// seconds until killed, one line per sample: "epoch_ms router_lag agent_host_lag egress_lag" (records waiting on
// mailroom.inbound.received for group mailroom-router, on mailroom.inbound.routed for mailroom-agent-host, on
// mailroom.outbound.requested for mailroom-egress-sender). A group without committed offsets counts from 0.
// Helper of bench/agents:  java -cp 'stack/target/lib/*' bench/lib/GroupLag.java BOOTSTRAP INTERVAL_S
import java.util.*;
import java.util.stream.*;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

public class GroupLag {
    static final String[][] STAGES = {
        {"mailroom-router", "mailroom.inbound.received"},
        {"mailroom-agent-host", "mailroom.inbound.routed"},
        {"mailroom-egress-sender", "mailroom.outbound.requested"}};

    public static void main(String[] a) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, a[0]);
        long interval = (long) (Double.parseDouble(a[1]) * 1000);
        try (Admin admin = Admin.create(p)) {
            while (true) {
                StringBuilder line = new StringBuilder().append(System.currentTimeMillis());
                for (String[] s : STAGES) {
                    line.append(' ').append(lag(admin, s[0], s[1]));
                }
                System.out.println(line);
                System.out.flush();
                Thread.sleep(interval);
            }
        }
    }

    static long lag(Admin admin, String group, String topic) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        Map<TopicPartition, OffsetSpec> q = d.partitions().stream()
            .collect(Collectors.toMap(i -> new TopicPartition(topic, i.partition()), i -> OffsetSpec.latest()));
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        long lag = 0;
        for (var e : admin.listOffsets(q).all().get().entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            lag += e.getValue().offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }
}
