// Sets (or, with "default", removes) flush.messages on one topic and prints the effective value.
// Helper of bench/ingress:  java -cp 'stack/target/lib/*' bench/lib/TopicFlush.java BOOTSTRAP TOPIC 1|default
import java.util.*;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.common.config.ConfigResource;

public class TopicFlush {
    public static void main(String[] a) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, a[0]);
        try (Admin admin = Admin.create(p)) {
            ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, a[1]);
            AlterConfigOp op = "default".equals(a[2])
                ? new AlterConfigOp(new ConfigEntry("flush.messages", ""), AlterConfigOp.OpType.DELETE)
                : new AlterConfigOp(new ConfigEntry("flush.messages", a[2]), AlterConfigOp.OpType.SET);
            admin.incrementalAlterConfigs(Map.of(r, List.of(op))).all().get();
            Thread.sleep(500);
            ConfigEntry e = admin.describeConfigs(List.of(r)).all().get().get(r).get("flush.messages");
            System.out.println("topic " + a[1] + " flush.messages=" + e.value() + " (" + e.source() + ")");
        }
    }
}
