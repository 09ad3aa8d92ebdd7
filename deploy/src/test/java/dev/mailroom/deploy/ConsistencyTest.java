package dev.mailroom.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The overlays agree with the services and the contract ({@link Consistency}), each has the shape the issue asks for,
 * and each check fails when the manifests break what it guards (one mutation of the prod overlay per case).
 */
class ConsistencyTest {

    private static final ServiceConfigs CONFIGS = new ServiceConfigs(Manifests.repoRoot());

    private static List<String> problems(List<ObjectNode> docs) {
        return new Consistency(docs, Manifests.renderSecrets(), CONFIGS).check();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theOverlayIsConsistentWithTheServicesAndTheContract(String overlay) {
        assertEquals(List.of(), problems(Overlays.render(overlay)), overlay);
    }

    @Test
    void devRunsOneOfEach() {
        List<ObjectNode> docs = Overlays.render("dev");
        assertEquals(1, one(docs, "KafkaNodePool", "dual").path("spec").path("replicas").asInt());
        assertEquals(1, one(docs, "Cluster", "mailroom-db").path("spec").path("instances").asInt());
        for (ObjectNode d : Manifests.ofKind(docs, "Deployment")) {
            assertEquals(1, d.path("spec").path("replicas").asInt(), Manifests.id(d));
        }
        for (String kind : List.of("PodDisruptionBudget", "HorizontalPodAutoscaler", "ScaledObject")) {
            assertEquals(List.of(), Manifests.ofKind(docs, kind), "dev has no " + kind);
        }
    }

    @Test
    void prodRunsThreeNodesThreeInstancesAutoscalingAndBudgets() {
        List<ObjectNode> docs = Overlays.render("prod");
        assertEquals(3, one(docs, "KafkaNodePool", "dual").path("spec").path("replicas").asInt());
        assertEquals(3, one(docs, "Cluster", "mailroom-db").path("spec").path("instances").asInt());
        for (ObjectNode t : Manifests.ofKind(docs, "KafkaTopic")) {
            assertEquals(3, t.path("spec").path("replicas").asInt(), Manifests.id(t));
            assertEquals(2, t.path("spec").path("config").path("min.insync.replicas").asInt(), Manifests.id(t));
        }
        for (ObjectNode d : Manifests.ofKind(docs, "Deployment")) {
            assertTrue(d.path("spec").path("replicas").asInt() >= 2, Manifests.id(d));
            assertTrue(Manifests.ofKind(docs, "PodDisruptionBudget").stream().anyMatch(p -> NetworkPolicies.selects(
                    p.path("spec").path("selector"), labelsOf(d))), Manifests.id(d) + " has no PodDisruptionBudget");
        }
        assertEquals("api", one(docs, "HorizontalPodAutoscaler", "api").path("spec").path("scaleTargetRef")
                .path("name").asText());
        assertEquals(List.of("agent-host", "egress-sender", "router"), Manifests.ofKind(docs, "ScaledObject").stream()
                .map(s -> s.path("spec").path("scaleTargetRef").path("name").asText()).sorted().toList());
        assertEquals("s3", configValue(docs, "mailbox", "MAILROOM_MAILBOX_BLOBS_STORE"), "prod keeps blobs in S3");
    }

    // ---- every check can fail ----

    @Test
    void aServiceSelectorThatMatchesNoPodIsCaught() {
        assertCaught("matches no Deployment", docs -> ((ObjectNode) one(docs, "Service", "router").path("spec")
                .path("selector")).put("app.kubernetes.io/name", "routr"));
    }

    @Test
    void aContainerPortThatIsNotTheServicesPortIsCaught() {
        assertCaught("the service listens on 8082", docs -> ((ObjectNode) container(one(docs, "Deployment", "router"))
                .path("ports").path(0)).put("containerPort", 8080));
    }

    @Test
    void aWrongProbePathIsCaught() {
        assertCaught("readinessProbe must be GET /q/health/ready", docs -> ((ObjectNode) container(
                one(docs, "Deployment", "api")).path("readinessProbe").path("httpGet")).put("path", "/q/health"));
    }

    @Test
    void aMisspelledSettingIsCaught() {
        assertCaught("MAILROOM_SMTP_PROXY_PROTOCOL_TRUST is not a setting of ingress-smtp", docs -> {
            ObjectNode data = (ObjectNode) configMap(docs, "ingress-smtp").path("data");
            data.put("MAILROOM_SMTP_PROXY_PROTOCOL_TRUST", data.remove("MAILROOM_SMTP_PROXY_PROTOCOL_TRUSTED").asText());
        });
    }

    @Test
    void aSecretKeyThatDoesNotExistIsCaught() {
        assertCaught("has no key bootstrap", docs -> {
            for (JsonNode e : container(one(docs, "Deployment", "api")).path("env")) {
                if (e.path("name").asText().equals("MAILROOM_API_BOOTSTRAP_KEY")) {
                    ((ObjectNode) e.path("valueFrom").path("secretKeyRef")).put("key", "bootstrap");
                }
            }
        });
    }

    @Test
    void aTopicWithoutKafkaTopicAndAnUnusedKafkaTopicAreCaught() {
        assertCaught("mailroom.outbound.requested.dlq is used", docs -> ((ObjectNode) one(docs, "KafkaTopic",
                "mailroom-outbound-requested-dlq").path("spec")).put("topicName", "mailroom.outbound.request.dlq"));
        assertCaught("no service and no contract entry uses", docs -> ((ObjectNode) one(docs, "KafkaTopic",
                "mailroom-outbound-requested-dlq").path("spec")).put("topicName", "mailroom.outbound.request.dlq"));
    }

    @Test
    void aCompactedTopicThatIsNotCompactedIsCaught() {
        assertCaught("the contract says compact", docs -> ((ObjectNode) one(docs, "KafkaTopic", "mailroom-api-keys")
                .path("spec").path("config")).put("cleanup.policy", "delete"));
    }

    @Test
    void moreConsumersThanPartitionsIsCaught() {
        assertCaught("maxReplicaCount 13 exceeds the 12 partitions", docs -> ((ObjectNode) one(docs, "ScaledObject",
                "router").path("spec")).put("maxReplicaCount", 13));
    }

    @Test
    void aConsumerGroupTheServiceDoesNotUseIsCaught() {
        assertCaught("is not how egress-sender reads", docs -> ((ObjectNode) one(docs, "ScaledObject", "egress-sender")
                .path("spec").path("triggers").path(1).path("metadata")).put("consumerGroup", "mailroom-egress-sender"));
    }

    @Test
    void aWorkloadNoPolicySelectsIsCaught() {
        assertCaught("Deployment/router: no NetworkPolicy of its own", docs -> docs.removeIf(d ->
                Manifests.id(d).equals("NetworkPolicy/router") || Manifests.id(d).equals("NetworkPolicy/mailroom-services")));
    }

    @Test
    void aPathTheArchitectureNeedsButThePoliciesCloseIsCaught() {
        assertCaught("MAILROOM_UPSTREAM_MAILBOX_URL needs Deployment/mailbox on 8085", docs -> {
            ArrayNode egress = (ArrayNode) one(docs, "NetworkPolicy", "api").path("spec").path("egress");
            egress.remove(2);
        });
        assertCaught("cannot deliver over SMTP to the world", docs -> docs.removeIf(d ->
                Manifests.id(d).equals("NetworkPolicy/egress-sender")));
        assertCaught("may send SMTP to the world", docs -> ((ArrayNode) one(docs, "NetworkPolicy", "router")
                .path("spec").withArray("egress")).addObject().putArray("ports").addObject().put("port", 25));
    }

    @Test
    void withoutADefaultDenyEverythingIsOpenAndCaught() {
        assertCaught("no default-deny NetworkPolicy", docs -> docs.removeIf(d ->
                Manifests.id(d).equals("NetworkPolicy/default-deny")));
    }

    @Test
    void aWritableRootIsCaught() {
        assertCaught("read-only root", docs -> ((ObjectNode) container(one(docs, "Deployment", "mailbox"))
                .path("securityContext")).put("readOnlyRootFilesystem", false));
    }

    @Test
    void serviceLinksInTheEnvironmentAreCaught() {
        assertCaught("enableServiceLinks must be false", docs -> ((ObjectNode) one(docs, "Deployment", "router")
                .path("spec").path("template").path("spec")).remove("enableServiceLinks"));
    }

    @Test
    void aLoadBalancerWithoutProxyProtocolInFrontOfAListenerThatRequiresItIsCaught() {
        assertCaught("sends no PROXY protocol", docs -> ((ObjectNode) one(docs, "Service", "ingress-smtp-public")
                .path("metadata").path("annotations")).remove("service.beta.kubernetes.io/aws-load-balancer-proxy-protocol"));
    }

    @Test
    void anApiThatIgnoresTheIngressForwardedHeadersIsCaught() {
        assertCaught("without QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING=true", docs -> ((ObjectNode) configMap(docs,
                "api").path("data")).remove("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING"));
    }

    @Test
    void aServiceOnLoopbackIsCaught() {
        assertCaught("would listen on 127.0.0.1 only", docs -> ((ObjectNode) configMap(docs, "mailroom-common")
                .path("data")).remove("QUARKUS_HTTP_HOST"));
    }

    @Test
    void aDatabaseUrlThatIsNotTheClustersIsCaught() {
        assertCaught("QUARKUS_DATASOURCE_JDBC_URL is jdbc:postgresql://mailroom-db-ro", docs -> ((ObjectNode)
                configMap(docs, "mailroom-db").path("data")).put("QUARKUS_DATASOURCE_JDBC_URL",
                "jdbc:postgresql://mailroom-db-ro:5432/mailroom"));
    }

    // ---- helpers ----

    private static void assertCaught(String expected, Consumer<List<ObjectNode>> breakIt) {
        List<ObjectNode> docs = new ArrayList<>(Overlays.render("prod"));
        breakIt.accept(docs);
        List<String> problems = problems(docs);
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), "expected a problem containing '" + expected
                + "', got " + problems);
    }

    private static ObjectNode one(List<ObjectNode> docs, String kind, String name) {
        return Manifests.ofKind(docs, kind).stream().filter(d -> name.equals(Manifests.name(d))).findFirst()
                .orElseThrow(() -> new AssertionError(kind + "/" + name + " not rendered"));
    }

    /** A generated ConfigMap, whatever its hash suffix. */
    private static ObjectNode configMap(List<ObjectNode> docs, String prefix) {
        return Manifests.ofKind(docs, "ConfigMap").stream()
                .filter(d -> Manifests.name(d).matches(java.util.regex.Pattern.quote(prefix) + "-[a-z0-9]{10}"))
                .findFirst().orElseThrow(() -> new AssertionError("ConfigMap " + prefix + " not rendered"));
    }

    private static String configValue(List<ObjectNode> docs, String prefix, String key) {
        return configMap(docs, prefix).path("data").path(key).asText(null);
    }

    private static JsonNode container(ObjectNode deployment) {
        return deployment.path("spec").path("template").path("spec").path("containers").path(0);
    }

    private static java.util.Map<String, String> labelsOf(ObjectNode deployment) {
        java.util.Map<String, String> labels = new java.util.HashMap<>();
        deployment.path("spec").path("template").path("metadata").path("labels").fields()
                .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }
}
