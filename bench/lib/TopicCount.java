// Prints the number of records on a topic (sum of the partitions' end offsets; nothing is deleted in a benchmark).
// Helper of bench/ingress:  java -cp 'stack/target/lib/*' bench/lib/TopicCount.java BOOTSTRAP TOPIC
import java.util.*;
import java.util.stream.*;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.common.TopicPartition;

public class TopicCount {
    public static void main(String[] a) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, a[0]);
        try (Admin admin = Admin.create(p)) {
            TopicDescription d = admin.describeTopics(List.of(a[1])).allTopicNames().get().get(a[1]);
            Map<TopicPartition, OffsetSpec> q = d.partitions().stream()
                .collect(Collectors.toMap(i -> new TopicPartition(a[1], i.partition()), i -> OffsetSpec.latest()));
            long total = 0;
            for (var r : admin.listOffsets(q).all().get().values()) total += r.offset();
            System.out.println(total);
        }
    }
}
