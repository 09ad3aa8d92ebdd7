package dev.mailroom.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every document each overlay (and the secrets kustomization) renders is valid against its schema. */
class ManifestValidationTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyRenderedDocumentIsValid(String overlay) {
        List<ObjectNode> docs = Overlays.render(overlay);
        assertTrue(docs.size() > 40, "rendered only " + docs.size() + " documents");
        List<String> problems = new ArrayList<>();
        docs.forEach(d -> problems.addAll(Overlays.validator().validate(d)));
        assertEquals(List.of(), problems, overlay + ": invalid documents");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyKindIsOneAValidatorCovers(String overlay) {
        Map<String, Integer> kinds = new TreeMap<>();
        Overlays.render(overlay).forEach(d -> kinds.merge(d.path("apiVersion").asText() + " " + Manifests.kind(d), 1,
                Integer::sum));
        // the kinds the issue asks for are all there
        for (String kind : List.of("kafka.strimzi.io/v1 Kafka", "kafka.strimzi.io/v1 KafkaNodePool",
                "kafka.strimzi.io/v1 KafkaTopic", "postgresql.cnpg.io/v1 Cluster", "apps/v1 Deployment", "v1 Service",
                "networking.k8s.io/v1 NetworkPolicy", "networking.k8s.io/v1 Ingress",
                "monitoring.coreos.com/v1 ServiceMonitor", "v1 ConfigMap", "v1 Namespace")) {
            assertTrue(kinds.containsKey(kind), overlay + " lacks " + kind + ": " + kinds);
        }
    }

    @Test
    void theSecretsGeneratorMakesValidSecretsWithFreshKeys() {
        List<ObjectNode> secrets = Manifests.renderSecrets();
        assertEquals(List.of("mailroom-api", "mailroom-mailbox-s3", "mailroom-master-key", "mailroom-reply-token"),
                secrets.stream().map(Manifests::name).sorted().toList());
        List<String> problems = new ArrayList<>();
        secrets.forEach(d -> problems.addAll(Overlays.validator().validate(d)));
        assertEquals(List.of(), problems);
        ObjectNode master = secrets.stream().filter(s -> Manifests.name(s).equals("mailroom-master-key")).findFirst()
                .orElseThrow();
        byte[] key = java.util.Base64.getDecoder().decode(java.util.Base64.getDecoder()
                .decode(master.path("data").path("master-key").asText()));
        assertEquals(32, key.length, "the master key is 32 bytes, base64");
    }

    @Test
    void theDashboardGraphsOnlyMetricsTheServicesDocument() throws Exception {
        ObjectNode dashboard = Overlays.render("prod").stream()
                .filter(d -> Manifests.kind(d).equals("ConfigMap") && Manifests.name(d).startsWith("mailroom-dashboard-"))
                .findFirst().orElseThrow(() -> new AssertionError("no dashboard ConfigMap"));
        assertEquals("1", dashboard.path("metadata").path("labels").path("grafana_dashboard").asText());
        var json = Manifests.JSON.readTree(dashboard.path("data").path("mailroom.json").asText());
        StringBuilder readmes = new StringBuilder();
        for (String module : List.of("ingress-smtp", "router", "agent-host", "egress-sender", "mailbox", "api",
                "platform")) {
            readmes.append(java.nio.file.Files.readString(Manifests.repoRoot().resolve(module).resolve("README.md")));
        }
        int panels = 0;
        for (var panel : json.path("panels")) {
            panels++;
            for (var target : panel.path("targets")) {
                var m = java.util.regex.Pattern.compile("\\b(?:mailroom|kafka_consumer)_[a-z_]+").matcher(
                        target.path("expr").asText());
                while (m.find()) {
                    // a timer's series (_count, _sum) are documented under the timer's name: `name` or `name{labels}`
                    String metric = m.group().replaceAll("_(count|sum|bucket)$", "");
                    assertTrue(java.util.regex.Pattern.compile("`" + metric + "[`{]").matcher(readmes).find(),
                            panel.path("title").asText() + ": " + metric + " is documented by no service README");
                }
            }
        }
        assertTrue(panels >= 10, "the dashboard has " + panels + " panels");
    }

    @Test
    void noSecretValueIsCommitted() throws Exception {
        for (String overlay : Overlays.NAMES) {
            for (ObjectNode d : Overlays.render(overlay)) {
                assertTrue(!Manifests.kind(d).equals("Secret"), overlay + " renders a Secret: " + Manifests.id(d));
            }
        }
        var ignored = java.nio.file.Files.readString(Manifests.deployDir().resolve("secrets/.gitignore"));
        assertTrue(ignored.contains("/generated/"), "deploy/secrets/generated must be ignored by git");
    }
}
