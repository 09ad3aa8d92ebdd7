package dev.mailroom.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.contract.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Quarkus test resources, used the way Quarkus uses them (start() per test class, stop() after). */
class TestResourcesTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void kafkaResourceStartsOneBrokerWithTopics() throws Exception {
        KafkaTestResource first = new KafkaTestResource();
        Map<String, String> config = first.start();
        first.stop();
        Map<String, String> again = new KafkaTestResource().start();
        assertEquals(config, again, "one broker per JVM");
        String bootstrap = config.get("kafka.bootstrap.servers");
        assertEquals(bootstrap, KafkaTestResource.bootstrapServers());
        assertTrue(bootstrap.startsWith("127.0.0.1:"), bootstrap);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            // the broker's metadata may lag the topic creation on a loaded machine: wait for it, never assume it
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            while (!names.containsAll(Topics.ALL) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            }
            assertTrue(names.containsAll(Topics.ALL), "topics " + names);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void postgresResourceGivesQuarkusDatasourceConfig() throws Exception {
        PostgresTestResource resource = new PostgresTestResource();
        Map<String, String> config = resource.start();
        resource.stop();
        int port = PostgresTestResource.port();
        assertEquals(Map.of(
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + port + "/mailroom",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/mailroom",
                "quarkus.datasource.username", "mailroom",
                "quarkus.datasource.password", "mailroom"), config);
        assertEquals(config, new PostgresTestResource().start(), "one server per JVM");
        try (Connection c = DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"));
             ResultSet rs = c.createStatement().executeQuery("SELECT current_database()")) {
            assertTrue(rs.next());
            assertEquals("mailroom", rs.getString(1));
        }
    }
}
