package dev.mailroom.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailroom.contract.Topics;
import dev.mailroom.deploy.NetworkPolicies.Endpoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that one rendered overlay hangs together and matches the services: selectors, ports and probes against
 * each service's configuration, configuration variables against its README, references to ConfigMaps and Secrets,
 * the topics against the contract and every {@code application.properties}, autoscalers against partitions and
 * consumer groups, and the paths NetworkPolicies open. {@link #check()} lists every problem found.
 */
final class Consistency {

    /** Keys of the Secret CloudNativePG creates for a Cluster's application user ({@code <cluster>-app}). */
    static final Set<String> CNPG_APP_KEYS = Set.of("username", "user", "password", "uri", "jdbc-uri", "host", "port",
            "dbname", "pgpass");

    private static final Pattern HTTP_URL = Pattern.compile("^http://([a-z0-9-]+):(\\d+)(/.*)?$");

    private final List<ObjectNode> docs;
    private final List<ObjectNode> secrets;
    private final ServiceConfigs configs;
    private final List<String> problems = new ArrayList<>();
    private final String namespace;

    Consistency(List<ObjectNode> docs, List<ObjectNode> secrets, ServiceConfigs configs) {
        this.docs = docs;
        this.secrets = secrets;
        this.configs = configs;
        this.namespace = docs.stream().map(d -> d.path("metadata").path("namespace").asText()).filter(s -> !s.isEmpty())
                .findFirst().orElse("default");
    }

    List<String> check() {
        selectors();
        deployments();
        proxyProtocol();
        references();
        topics();
        autoscalers();
        networkPolicies();
        return problems;
    }

    private void problem(String text) {
        problems.add(text);
    }

    // ---- helpers ----

    private List<ObjectNode> all(String kind) {
        return Manifests.ofKind(docs, kind);
    }

    private ObjectNode one(String kind, String name) {
        return all(kind).stream().filter(d -> name.equals(Manifests.name(d))).findFirst().orElse(null);
    }

    private static Map<String, String> labels(JsonNode metadataOwner) {
        Map<String, String> labels = new LinkedHashMap<>();
        metadataOwner.path("metadata").path("labels").fields()
                .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static Map<String, String> podLabels(JsonNode deployment) {
        return labels(deployment.path("spec").path("template"));
    }

    private static JsonNode container(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec").path("containers").path(0);
    }

    private static Map<String, Integer> namedPorts(JsonNode deployment) {
        Map<String, Integer> ports = new HashMap<>();
        for (JsonNode c : deployment.path("spec").path("template").path("spec").path("containers")) {
            for (JsonNode p : c.path("ports")) {
                ports.put(p.path("name").asText(), p.path("containerPort").asInt());
            }
        }
        return ports;
    }

    /** The Deployments whose pods a Service (or any label selector map) selects. */
    private List<ObjectNode> selected(JsonNode selector) {
        return all("Deployment").stream().filter(d -> NetworkPolicies.selects(selector, podLabels(d))).toList();
    }

    private static JsonNode asSelector(JsonNode matchLabels) {
        ObjectNode s = Manifests.JSON.createObjectNode();
        s.set("matchLabels", matchLabels);
        return s;
    }

    /**
     * The environment of a Deployment's first container: env values ({@code secret:<name>/<key>} for secret
     * references) and the keys of the ConfigMaps it takes whole.
     */
    private Map<String, String> environment(JsonNode deployment) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode c = container(deployment);
        for (JsonNode from : c.path("envFrom")) {
            ObjectNode cm = one("ConfigMap", from.path("configMapRef").path("name").asText());
            if (cm != null) {
                cm.path("data").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            }
        }
        for (JsonNode e : c.path("env")) {
            JsonNode secret = e.path("valueFrom").path("secretKeyRef");
            env.put(e.path("name").asText(), secret.isMissingNode() ? e.path("value").asText()
                    : "secret:" + secret.path("name").asText() + "/" + secret.path("key").asText());
        }
        return env;
    }

    // ---- selectors, ports ----

    private void selectors() {
        for (ObjectNode svc : all("Service")) {
            JsonNode selector = svc.path("spec").path("selector");
            List<ObjectNode> targets = selector.isEmpty() ? List.of() : selected(asSelector(selector));
            if (targets.isEmpty()) {
                problem(Manifests.id(svc) + ": its selector " + selector + " matches no Deployment's pods");
                continue;
            }
            for (JsonNode port : svc.path("spec").path("ports")) {
                JsonNode target = port.path("targetPort");
                for (ObjectNode d : targets) {
                    boolean found = target.isTextual() ? namedPorts(d).containsKey(target.asText())
                            : namedPorts(d).containsValue(target.isMissingNode() ? port.path("port").asInt()
                            : target.asInt());
                    if (!found) {
                        problem(Manifests.id(svc) + ": port " + port.path("name").asText() + " targets " + target
                                + ", which " + Manifests.id(d) + " does not expose");
                    }
                }
            }
        }
        for (ObjectNode pdb : all("PodDisruptionBudget")) {
            if (selected(pdb.path("spec").path("selector")).isEmpty()) {
                problem(Manifests.id(pdb) + ": its selector matches no Deployment's pods");
            }
        }
        for (ObjectNode sm : all("ServiceMonitor")) {
            List<ObjectNode> services = all("Service").stream()
                    .filter(s -> NetworkPolicies.selects(sm.path("spec").path("selector"), labels(s))).toList();
            Set<String> scraped = new TreeSet<>();
            for (ObjectNode s : services) {
                for (JsonNode port : s.path("spec").path("ports")) {
                    for (JsonNode ep : sm.path("spec").path("endpoints")) {
                        if (ep.path("port").asText().equals(port.path("name").asText())) {
                            selected(asSelector(s.path("spec").path("selector")))
                                    .forEach(d -> scraped.add(Manifests.name(d)));
                        }
                    }
                }
            }
            for (ObjectNode d : all("Deployment")) {
                if (!scraped.contains(Manifests.name(d))) {
                    problem(Manifests.id(sm) + ": does not scrape " + Manifests.id(d) + " (no selected Service port)");
                }
            }
        }
        for (ObjectNode ing : all("Ingress")) {
            for (JsonNode rule : ing.path("spec").path("rules")) {
                for (JsonNode path : rule.path("http").path("paths")) {
                    JsonNode backend = path.path("backend").path("service");
                    ObjectNode svc = one("Service", backend.path("name").asText());
                    if (svc == null) {
                        problem(Manifests.id(ing) + ": backend Service " + backend.path("name").asText() + " is absent");
                        continue;
                    }
                    boolean portFound = false;
                    for (JsonNode port : svc.path("spec").path("ports")) {
                        portFound |= backend.path("port").has("name")
                                ? backend.path("port").path("name").asText().equals(port.path("name").asText())
                                : backend.path("port").path("number").asInt() == port.path("port").asInt();
                    }
                    if (!portFound) {
                        problem(Manifests.id(ing) + ": " + Manifests.id(svc) + " has no port " + backend.path("port"));
                    }
                }
            }
            if (ing.path("spec").path("tls").isEmpty()) {
                problem(Manifests.id(ing) + ": no TLS");
            }
            // behind a TLS-terminating proxy the api must read X-Forwarded-* (https: Secure cookies; the client's
            // address for the sign-in limit; api README)
            for (JsonNode backend : ing.path("spec").findValues("service")) {
                ObjectNode svc = one("Service", backend.path("name").asText());
                for (ObjectNode d : svc == null ? List.<ObjectNode>of() : selected(asSelector(svc.path("spec").path("selector")))) {
                    if (!"true".equals(environment(d).get("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING"))) {
                        problem(Manifests.id(d) + ": behind " + Manifests.id(ing)
                                + " without QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING=true");
                    }
                }
            }
        }
    }

    // ---- each Deployment against its service's configuration ----

    private void deployments() {
        ObjectNode kafka = all("Kafka").stream().findFirst().orElse(null);
        ObjectNode cluster = all("Cluster").stream().findFirst().orElse(null);
        for (ObjectNode d : all("Deployment")) {
            String name = Manifests.name(d);
            String id = Manifests.id(d);
            if (!ServiceConfigs.SERVICES.contains(name)) {
                problem(id + ": not one of Mailroom's services " + ServiceConfigs.SERVICES);
                continue;
            }
            Map<String, String> env = environment(d);
            Map<String, Integer> ports = namedPorts(d);
            int httpPort = env.containsKey("QUARKUS_HTTP_PORT") ? Integer.parseInt(env.get("QUARKUS_HTTP_PORT"))
                    : configs.httpPort(name);
            if (!Integer.valueOf(httpPort).equals(ports.get("http"))) {
                problem(id + ": container port 'http' is " + ports.get("http") + ", the service listens on " + httpPort);
            }
            if (!"0.0.0.0".equals(env.get("QUARKUS_HTTP_HOST"))) {
                problem(id + ": QUARKUS_HTTP_HOST is " + env.get("QUARKUS_HTTP_HOST")
                        + ": the service would listen on 127.0.0.1 only");
            }
            if (name.equals("ingress-smtp")) {
                smtpPort(id, env, ports, "MAILROOM_SMTP_HOST", "MAILROOM_SMTP_PORT", "smtp");
                if ("true".equals(env.get("MAILROOM_SMTP_SUBMISSION_ENABLED"))) {
                    smtpPort(id, env, ports, "MAILROOM_SMTP_SUBMISSION_HOST", "MAILROOM_SMTP_SUBMISSION_PORT",
                            "submission");
                }
            }
            JsonNode c = container(d);
            probe(id, c, "startupProbe", "/q/health/started");
            probe(id, c, "livenessProbe", "/q/health/live");
            probe(id, c, "readinessProbe", "/q/health/ready");
            security(id, d, c);
            for (String var : env.keySet()) {
                if (var.startsWith("MAILROOM_") && !configs.documents(name, var)) {
                    problem(id + ": " + var + " is not a setting of " + name + " (not in its README's configuration"
                            + " or platform's)");
                } else if (var.startsWith("QUARKUS_DATASOURCE_") && !configs.hasDatabase(name)) {
                    problem(id + ": " + var + " set, but " + name + " has no datasource");
                } else if (!var.startsWith("MAILROOM_") && !var.startsWith("QUARKUS_")
                        && !Set.of("KAFKA_BOOTSTRAP_SERVERS", "JAVA_TOOL_OPTIONS").contains(var)) {
                    problem(id + ": unexpected variable " + var);
                }
            }
            if (kafka != null) {
                Set<String> bootstraps = new LinkedHashSet<>();
                for (JsonNode l : kafka.path("spec").path("kafka").path("listeners")) {
                    if (!l.path("tls").asBoolean(false)) {
                        bootstraps.add(Manifests.name(kafka) + "-kafka-bootstrap:" + l.path("port").asInt());
                    }
                }
                if (!bootstraps.contains(env.get("KAFKA_BOOTSTRAP_SERVERS"))) {
                    problem(id + ": KAFKA_BOOTSTRAP_SERVERS is " + env.get("KAFKA_BOOTSTRAP_SERVERS") + ", expected one of "
                            + bootstraps);
                }
            }
            if (configs.hasDatabase(name)) {
                database(id, env, cluster);
            }
            for (Map.Entry<String, String> e : env.entrySet()) {
                Matcher m = HTTP_URL.matcher(e.getValue());
                if (m.matches()) {
                    ObjectNode svc = one("Service", m.group(1));
                    boolean portOk = svc != null && svc.path("spec").findValues("port").stream()
                            .anyMatch(p -> p.asInt() == Integer.parseInt(m.group(2)));
                    if (!portOk) {
                        problem(id + ": " + e.getKey() + "=" + e.getValue() + " names no Service port");
                    }
                }
            }
        }
    }

    /**
     * A load balancer that sends PROXY protocol headers and a listener that expects them go together: one without
     * the other garbles or refuses every SMTP session.
     */
    private void proxyProtocol() {
        for (ObjectNode svc : all("Service")) {
            if (!"LoadBalancer".equals(svc.path("spec").path("type").asText())) {
                continue;
            }
            boolean sends = false;
            for (var it = svc.path("metadata").path("annotations").fields(); it.hasNext(); ) {
                var e = it.next();
                sends |= e.getKey().contains("proxy-protocol") && !e.getValue().asText().isEmpty()
                        && !"false".equals(e.getValue().asText());
            }
            for (ObjectNode d : selected(asSelector(svc.path("spec").path("selector")))) {
                String trusted = environment(d).getOrDefault("MAILROOM_SMTP_PROXY_PROTOCOL_TRUSTED", "");
                if (sends == trusted.isBlank()) {
                    problem(Manifests.id(svc) + (sends ? ": sends PROXY protocol, but " + Manifests.id(d)
                            + " trusts no proxy (MAILROOM_SMTP_PROXY_PROTOCOL_TRUSTED)"
                            : ": sends no PROXY protocol, but " + Manifests.id(d) + " requires it from " + trusted));
                }
            }
        }
    }

    private void smtpPort(String id, Map<String, String> env, Map<String, Integer> ports, String hostVar,
                          String portVar, String portName) {
        if (!"0.0.0.0".equals(env.get(hostVar))) {
            problem(id + ": " + hostVar + " is " + env.get(hostVar) + ": SMTP would listen on 127.0.0.1 only");
        }
        String value = env.get(portVar);
        if (value == null || !Integer.valueOf(value).equals(ports.get(portName))) {
            problem(id + ": " + portVar + " is " + value + ", container port '" + portName + "' is "
                    + ports.get(portName));
        }
    }

    private void probe(String id, JsonNode container, String probe, String path) {
        JsonNode get = container.path(probe).path("httpGet");
        if (!path.equals(get.path("path").asText()) || !"http".equals(get.path("port").asText())) {
            problem(id + ": " + probe + " must be GET " + path + " on port http, is " + get);
        }
    }

    private void security(String id, JsonNode d, JsonNode c) {
        JsonNode pod = d.path("spec").path("template").path("spec");
        JsonNode psc = pod.path("securityContext");
        JsonNode sc = c.path("securityContext");
        if (!psc.path("runAsNonRoot").asBoolean() || psc.path("runAsUser").asInt() != 185) {
            problem(id + ": pods must run as non-root uid 185");
        }
        if (!"RuntimeDefault".equals(psc.path("seccompProfile").path("type").asText())) {
            problem(id + ": seccomp profile must be RuntimeDefault");
        }
        if (!sc.path("readOnlyRootFilesystem").asBoolean() || sc.path("allowPrivilegeEscalation").asBoolean(true)
                || !sc.path("capabilities").path("drop").toString().contains("\"ALL\"")) {
            problem(id + ": container must have a read-only root, no privilege escalation, capabilities ALL dropped");
        }
        boolean tmp = false;
        for (JsonNode m : c.path("volumeMounts")) {
            if ("/tmp".equals(m.path("mountPath").asText())) {
                for (JsonNode v : pod.path("volumes")) {
                    tmp |= v.path("name").asText().equals(m.path("name").asText()) && v.has("emptyDir");
                }
            }
        }
        if (!tmp) {
            problem(id + ": /tmp must be an emptyDir (the root is read-only)");
        }
        if (c.path("resources").path("requests").path("cpu").isMissingNode()
                || c.path("resources").path("limits").path("memory").isMissingNode()) {
            problem(id + ": needs a CPU request and a memory limit");
        }
        if (pod.path("enableServiceLinks").asBoolean(true)) {
            // Service links would put MAILROOM_KAFKA_BOOTSTRAP_PORT, MAILROOM_DB_RW_PORT… into the environment: names
            // in the services' own MAILROOM_* configuration space
            problem(id + ": enableServiceLinks must be false");
        }
        if (pod.path("topologySpreadConstraints").isEmpty()) {
            problem(id + ": needs topology spread constraints");
        }
    }

    private void database(String id, Map<String, String> env, ObjectNode cluster) {
        if (cluster == null) {
            problem(id + ": uses PostgreSQL, but no CloudNativePG Cluster is deployed");
            return;
        }
        String host = Manifests.name(cluster) + "-rw";
        String db = cluster.path("spec").path("bootstrap").path("initdb").path("database").asText();
        String app = "secret:" + Manifests.name(cluster) + "-app/";
        check(id, env, "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://" + host + ":5432/" + db);
        check(id, env, "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://" + host + ":5432/" + db);
        check(id, env, "QUARKUS_DATASOURCE_USERNAME", app + "username");
        check(id, env, "QUARKUS_DATASOURCE_PASSWORD", app + "password");
    }

    private void check(String id, Map<String, String> env, String var, String expected) {
        if (!expected.equals(env.get(var))) {
            problem(id + ": " + var + " is " + env.get(var) + ", expected " + expected);
        }
    }

    // ---- references to ConfigMaps and Secrets ----

    private void references() {
        Map<String, Set<String>> configMaps = keys(all("ConfigMap"));
        List<ObjectNode> allSecrets = new ArrayList<>(secrets);
        allSecrets.addAll(all("Secret"));
        Map<String, Set<String>> secretKeys = keys(allSecrets);
        for (ObjectNode cluster : all("Cluster")) {
            secretKeys.put(Manifests.name(cluster) + "-app", CNPG_APP_KEYS);
        }
        for (ObjectNode d : all("Deployment")) {
            String id = Manifests.id(d);
            JsonNode pod = d.path("spec").path("template").path("spec");
            for (JsonNode c : pod.path("containers")) {
                for (JsonNode from : c.path("envFrom")) {
                    ref(id, configMaps, "ConfigMap", from.path("configMapRef"), null);
                    ref(id, secretKeys, "Secret", from.path("secretRef"), null);
                }
                for (JsonNode e : c.path("env")) {
                    JsonNode vf = e.path("valueFrom");
                    ref(id, configMaps, "ConfigMap", vf.path("configMapKeyRef"), vf.path("configMapKeyRef").path("key"));
                    ref(id, secretKeys, "Secret", vf.path("secretKeyRef"), vf.path("secretKeyRef").path("key"));
                }
            }
            for (JsonNode v : pod.path("volumes")) {
                JsonNode cm = v.path("configMap");
                if (!cm.isMissingNode()) {
                    ref(id, configMaps, "ConfigMap", cm, null);
                }
                JsonNode s = v.path("secret");
                if (!s.isMissingNode() && !s.path("optional").asBoolean(false)
                        && !secretKeys.containsKey(s.path("secretName").asText())) {
                    problem(id + ": volume Secret " + s.path("secretName").asText() + " is not provided");
                }
            }
        }
        for (ObjectNode ing : all("Ingress")) {
            JsonNode annotations = ing.path("metadata").path("annotations");
            boolean certManager = annotations.has("cert-manager.io/cluster-issuer") || annotations.has("cert-manager.io/issuer");
            for (JsonNode tls : ing.path("spec").path("tls")) {
                if (!certManager && !secretKeys.containsKey(tls.path("secretName").asText())) {
                    problem(Manifests.id(ing) + ": TLS Secret " + tls.path("secretName").asText()
                            + " is neither provided nor issued by cert-manager");
                }
            }
        }
    }

    private static Map<String, Set<String>> keys(List<ObjectNode> objects) {
        Map<String, Set<String>> keys = new HashMap<>();
        for (ObjectNode o : objects) {
            Set<String> k = new TreeSet<>();
            o.path("data").fieldNames().forEachRemaining(k::add);
            o.path("stringData").fieldNames().forEachRemaining(k::add);
            keys.put(Manifests.name(o), k);
        }
        return keys;
    }

    private void ref(String id, Map<String, Set<String>> known, String kind, JsonNode ref, JsonNode key) {
        if (ref.isMissingNode() || ref.path("optional").asBoolean(false)) {
            return;
        }
        String name = ref.path("name").asText();
        if (!known.containsKey(name)) {
            problem(id + ": " + kind + " " + name + " is not provided");
        } else if (key != null && !key.isMissingNode() && !known.get(name).contains(key.asText())) {
            problem(id + ": " + kind + " " + name + " has no key " + key.asText() + " (has " + known.get(name) + ")");
        }
    }

    // ---- topics ----

    private void topics() {
        Set<String> used = new TreeSet<>(configs.topics());
        used.addAll(Topics.ALL);
        Map<String, ObjectNode> declared = new LinkedHashMap<>();
        for (ObjectNode t : all("KafkaTopic")) {
            String name = t.path("spec").path("topicName").asText(Manifests.name(t));
            if (declared.put(name, t) != null) {
                problem("topic " + name + " is declared twice");
            }
        }
        for (String t : used) {
            if (!declared.containsKey(t)) {
                problem("topic " + t + " is used (contract or application.properties) but has no KafkaTopic");
            }
        }
        Set<String> kafkas = new TreeSet<>();
        all("Kafka").forEach(k -> kafkas.add(Manifests.name(k)));
        int brokers = 0;
        for (ObjectNode pool : all("KafkaNodePool")) {
            if (pool.path("spec").path("roles").toString().contains("broker")) {
                brokers += pool.path("spec").path("replicas").asInt();
            }
        }
        for (ObjectNode kafka : all("Kafka")) {
            if (kafka.path("spec").path("kafka").path("config").path("message.max.bytes").asLong() < Topics.MAX_RECORD_BYTES) {
                problem(Manifests.id(kafka) + ": message.max.bytes below the contract's " + Topics.MAX_RECORD_BYTES);
            }
        }
        for (Map.Entry<String, ObjectNode> e : declared.entrySet()) {
            String topic = e.getKey();
            JsonNode t = e.getValue();
            String id = Manifests.id(t) + " (" + topic + ")";
            if (!used.contains(topic)) {
                problem(id + ": no service and no contract entry uses this topic");
            }
            if (!kafkas.contains(t.path("metadata").path("labels").path("strimzi.io/cluster").asText())) {
                problem(id + ": its strimzi.io/cluster label names no Kafka " + kafkas);
            }
            JsonNode config = t.path("spec").path("config");
            boolean compacted = "compact".equals(config.path("cleanup.policy").asText());
            if (compacted != Topics.COMPACTED.contains(topic)) {
                problem(id + ": cleanup.policy " + config.path("cleanup.policy").asText() + ", the contract says "
                        + (Topics.COMPACTED.contains(topic) ? "compact" : "delete"));
            }
            if (config.path("max.message.bytes").asLong() < Topics.MAX_RECORD_BYTES) {
                problem(id + ": max.message.bytes below the contract's " + Topics.MAX_RECORD_BYTES);
            }
            int replicas = t.path("spec").path("replicas").asInt();
            int minIsr = config.path("min.insync.replicas").asInt(1);
            if (replicas < 1 || replicas > brokers) {
                problem(id + ": " + replicas + " replicas on " + brokers + " brokers");
            }
            if (replicas > 1 && minIsr >= replicas) {
                problem(id + ": min.insync.replicas " + minIsr + " leaves no broker to lose of " + replicas);
            }
            if (t.path("spec").path("partitions").asInt() < 1) {
                problem(id + ": no partitions");
            }
        }
    }

    // ---- autoscaling ----

    private void autoscalers() {
        Map<String, String> targets = new HashMap<>();
        for (ObjectNode hpa : all("HorizontalPodAutoscaler")) {
            String target = hpa.path("spec").path("scaleTargetRef").path("name").asText();
            scaled(targets, Manifests.id(hpa), target);
            if (hpa.path("spec").path("maxReplicas").asInt() < hpa.path("spec").path("minReplicas").asInt(1)) {
                problem(Manifests.id(hpa) + ": maxReplicas below minReplicas");
            }
        }
        for (ObjectNode so : all("ScaledObject")) {
            String id = Manifests.id(so);
            String target = so.path("spec").path("scaleTargetRef").path("name").asText();
            scaled(targets, id, target);
            ObjectNode d = one("Deployment", target);
            int max = so.path("spec").path("maxReplicaCount").asInt(100);
            boolean kafkaTrigger = false;
            for (JsonNode trigger : so.path("spec").path("triggers")) {
                if (!"kafka".equals(trigger.path("type").asText())) {
                    continue;
                }
                kafkaTrigger = true;
                JsonNode md = trigger.path("metadata");
                String topic = md.path("topic").asText();
                ObjectNode kt = all("KafkaTopic").stream()
                        .filter(t -> topic.equals(t.path("spec").path("topicName").asText(Manifests.name(t))))
                        .findFirst().orElse(null);
                if (kt == null) {
                    problem(id + ": trigger topic " + topic + " has no KafkaTopic");
                } else if (max > kt.path("spec").path("partitions").asInt()) {
                    problem(id + ": maxReplicaCount " + max + " exceeds the " + kt.path("spec").path("partitions").asInt()
                            + " partitions of " + topic);
                }
                if (d != null && ServiceConfigs.SERVICES.contains(target)) {
                    Set<String> groups = configs.groups(target, topic);
                    if (!groups.contains(md.path("consumerGroup").asText())) {
                        problem(id + ": consumerGroup " + md.path("consumerGroup").asText() + " is not how " + target
                                + " reads " + topic + " (its groups: " + groups + ")");
                    }
                    String bootstrap = environment(d).get("KAFKA_BOOTSTRAP_SERVERS");
                    if (!md.path("bootstrapServers").asText().equals(bootstrap)) {
                        problem(id + ": bootstrapServers " + md.path("bootstrapServers").asText() + " differ from the"
                                + " service's " + bootstrap);
                    }
                }
            }
            if (!kafkaTrigger) {
                problem(id + ": no Kafka consumer-lag trigger");
            }
        }
    }

    private void scaled(Map<String, String> targets, String by, String target) {
        if (one("Deployment", target) == null) {
            problem(by + ": scales " + target + ", which is no Deployment");
        }
        String before = targets.put(target, by);
        if (before != null) {
            problem(by + ": " + target + " is already scaled by " + before);
        }
    }

    // ---- network policies ----

    private void networkPolicies() {
        NetworkPolicies np = new NetworkPolicies(namespace, docs);
        boolean defaultDeny = all("NetworkPolicy").stream().anyMatch(p -> p.path("spec").path("podSelector").isEmpty()
                && NetworkPolicies.hasType(p.path("spec"), "Ingress") && NetworkPolicies.hasType(p.path("spec"), "Egress")
                && p.path("spec").path("ingress").isEmpty() && p.path("spec").path("egress").isEmpty());
        if (!defaultDeny) {
            problem("no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)");
        }
        Endpoint dns = Endpoint.pod("kube-system", Map.of("k8s-app", "kube-dns"), Map.of());
        Endpoint world = Endpoint.external("203.0.113.7");
        Endpoint ingressController = Endpoint.pod("ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx"),
                Map.of());
        Endpoint prometheus = Endpoint.pod("monitoring", Map.of("app.kubernetes.io/name", "prometheus"), Map.of());
        List<Endpoint> brokers = new ArrayList<>();
        for (ObjectNode k : all("Kafka")) {
            Map<String, String> l = Map.of("strimzi.io/cluster", Manifests.name(k), "strimzi.io/kind", "Kafka",
                    "strimzi.io/name", Manifests.name(k) + "-kafka", "strimzi.io/broker-role", "true");
            brokers.add(Endpoint.pod(namespace, l, Map.of()));
            selectedBeyondDefaults(np, "Kafka/" + Manifests.name(k) + " pods", l);
        }
        List<Endpoint> databases = new ArrayList<>();
        for (ObjectNode c : all("Cluster")) {
            Map<String, String> l = Map.of("cnpg.io/cluster", Manifests.name(c), "cnpg.io/podRole", "instance");
            databases.add(Endpoint.pod(namespace, l, Map.of()));
            selectedBeyondDefaults(np, "Cluster/" + Manifests.name(c) + " pods", l);
            Endpoint operator = Endpoint.pod("cnpg-system", Map.of("app.kubernetes.io/name", "cloudnative-pg"), Map.of());
            for (int port : List.of(8000, 5432)) {
                if (!np.allows(operator, databases.get(databases.size() - 1), port, "TCP")) {
                    problem("the CloudNativePG operator cannot reach Cluster/" + Manifests.name(c) + " on " + port);
                }
            }
        }
        Map<String, Endpoint> pods = new LinkedHashMap<>();
        for (ObjectNode d : all("Deployment")) {
            pods.put(Manifests.name(d), Endpoint.pod(namespace, podLabels(d), namedPorts(d)));
        }
        for (ObjectNode d : all("Deployment")) {
            String name = Manifests.name(d);
            String id = Manifests.id(d);
            Endpoint self = pods.get(name);
            selectedBeyondDefaults(np, id, self.labels());
            if (!np.allows(self, dns, 53, "UDP")) {
                problem(id + ": cannot resolve names (DNS to kube-dns on 53/UDP)");
            }
            for (Endpoint b : brokers) {
                if (!np.allows(self, b, 9092, "TCP")) {
                    problem(id + ": cannot reach Kafka on 9092");
                }
            }
            for (Endpoint db : databases) {
                boolean needs = ServiceConfigs.SERVICES.contains(name) && configs.hasDatabase(name);
                if (needs != np.allows(self, db, 5432, "TCP")) {
                    problem(id + (needs ? ": cannot reach PostgreSQL" : ": may reach PostgreSQL without needing it"));
                }
            }
            boolean smtpOut = np.allows(self, world, 25, "TCP");
            if (smtpOut != name.equals("egress-sender")) {
                problem(id + (smtpOut ? ": may send SMTP to the world (only egress-sender may)"
                        : ": cannot deliver over SMTP to the world"));
            }
            if (name.equals("egress-sender")) {
                for (int port : List.of(465, 587)) {
                    if (!np.allows(self, world, port, "TCP")) {
                        problem(id + ": cannot reach smarthosts on " + port);
                    }
                }
            }
            Integer http = self.namedPorts().get("http");
            if (http != null && !np.allows(prometheus, self, http, "TCP")) {
                problem(id + ": Prometheus (namespace monitoring) cannot scrape port " + http);
            }
            if (http != null && np.allows(world, self, http, "TCP")) {
                problem(id + ": its HTTP port is open to the world");
            }
            for (Map.Entry<String, String> e : environment(d).entrySet()) {
                Matcher m = HTTP_URL.matcher(e.getValue());
                ObjectNode svc = m.matches() ? one("Service", m.group(1)) : null;
                if (svc == null) {
                    continue;
                }
                int port = Integer.parseInt(m.group(2));
                for (ObjectNode target : selected(asSelector(svc.path("spec").path("selector")))) {
                    Endpoint to = pods.get(Manifests.name(target));
                    for (JsonNode p : svc.path("spec").path("ports")) {
                        if (p.path("port").asInt() != port) {
                            continue;
                        }
                        JsonNode tp = p.path("targetPort");
                        int targetPort = tp.isTextual() ? to.namedPorts().getOrDefault(tp.asText(), -1) : tp.asInt(port);
                        if (!np.allows(self, to, targetPort, "TCP")) {
                            problem(id + ": " + e.getKey() + " needs " + Manifests.id(target) + " on " + targetPort
                                    + ", which the NetworkPolicies do not open");
                        }
                    }
                }
            }
        }
        for (ObjectNode svc : all("Service")) {
            boolean public_ = "LoadBalancer".equals(svc.path("spec").path("type").asText());
            for (ObjectNode target : selected(asSelector(svc.path("spec").path("selector")))) {
                Endpoint to = pods.get(Manifests.name(target));
                for (JsonNode p : svc.path("spec").path("ports")) {
                    JsonNode tp = p.path("targetPort");
                    int port = tp.isTextual() ? to.namedPorts().getOrDefault(tp.asText(), -1) : tp.asInt();
                    if (public_ && !np.allows(world, to, port, "TCP")) {
                        problem(Manifests.id(svc) + ": load balancer port " + p.path("port").asInt()
                                + " is closed to the world by the NetworkPolicies");
                    }
                }
            }
        }
        for (ObjectNode ing : all("Ingress")) {
            for (JsonNode backend : ing.path("spec").findValues("service")) {
                ObjectNode svc = one("Service", backend.path("name").asText());
                if (svc == null) {
                    continue;
                }
                for (ObjectNode target : selected(asSelector(svc.path("spec").path("selector")))) {
                    Endpoint to = pods.get(Manifests.name(target));
                    if (!np.allows(ingressController, to, to.namedPorts().getOrDefault("http", -1), "TCP")) {
                        problem(Manifests.id(ing) + ": the Ingress controller (namespace ingress-nginx) cannot reach "
                                + Manifests.id(target));
                    }
                }
            }
        }
        if (!all("ScaledObject").isEmpty()) {
            Endpoint keda = Endpoint.pod("keda", Map.of("app", "keda-operator"), Map.of());
            for (Endpoint b : brokers) {
                if (!np.allows(keda, b, 9092, "TCP")) {
                    problem("KEDA's operator (namespace keda) cannot read consumer lag from Kafka on 9092");
                }
            }
        }
    }

    /** Whether a policy other than the namespace-wide ones (default deny, DNS) selects these pods. */
    private void selectedBeyondDefaults(NetworkPolicies np, String what, Map<String, String> labels) {
        boolean ingress = false;
        boolean egress = false;
        for (ObjectNode p : all("NetworkPolicy")) {
            JsonNode spec = p.path("spec");
            if (spec.path("podSelector").isEmpty() || !NetworkPolicies.selects(spec.path("podSelector"), labels)) {
                continue;
            }
            ingress |= NetworkPolicies.hasType(spec, "Ingress");
            egress |= NetworkPolicies.hasType(spec, "Egress");
        }
        if (!ingress || !egress) {
            problem(what + ": no NetworkPolicy of its own selects it for " + (ingress ? "" : "ingress ")
                    + (egress ? "" : "egress"));
        }
    }
}
