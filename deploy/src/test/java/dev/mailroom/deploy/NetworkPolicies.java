package dev.mailroom.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * A small evaluator of NetworkPolicies (networking.k8s.io/v1, one namespace): whether a connection from one endpoint
 * to another on a port is allowed, following the API's rules (a pod selected by a policy of a type is isolated for
 * that direction; a connection needs the source's egress and the destination's ingress). It proves what the
 * manifests say, not what a CNI enforces.
 */
final class NetworkPolicies {

    /**
     * One side of a connection: a pod (labels, named container ports) in a namespace, or an address outside the
     * cluster ({@code ip} set, labels null).
     */
    record Endpoint(String namespace, Map<String, String> labels, Map<String, Integer> namedPorts, String ip) {

        static Endpoint pod(String namespace, Map<String, String> labels, Map<String, Integer> namedPorts) {
            return new Endpoint(namespace, labels, namedPorts, null);
        }

        static Endpoint external(String ip) {
            return new Endpoint(null, null, Map.of(), ip);
        }

        boolean isPod() {
            return labels != null;
        }
    }

    private final String namespace;
    private final List<ObjectNode> policies;

    NetworkPolicies(String namespace, List<ObjectNode> docs) {
        this.namespace = namespace;
        this.policies = Manifests.ofKind(docs, "NetworkPolicy");
    }

    /** Whether {@code from} may open a connection to {@code to} on {@code port}/{@code protocol}. */
    boolean allows(Endpoint from, Endpoint to, int port, String protocol) {
        return direction(from, to, to, port, protocol, "Egress")
                && direction(to, from, to, port, protocol, "Ingress");
    }

    /**
     * Whether the policies of {@code self}'s namespace let {@code peer} through in one direction; {@code destination}
     * resolves named ports. Endpoints outside this namespace are not governed by these policies.
     */
    private boolean direction(Endpoint self, Endpoint peer, Endpoint destination, int port, String protocol,
                              String type) {
        if (!self.isPod() || !namespace.equals(self.namespace())) {
            return true;
        }
        boolean isolated = false;
        for (ObjectNode p : policies) {
            JsonNode spec = p.path("spec");
            if (!selects(spec.path("podSelector"), self.labels()) || !hasType(spec, type)) {
                continue;
            }
            isolated = true;
            for (JsonNode rule : spec.path(type.equals("Ingress") ? "ingress" : "egress")) {
                JsonNode peers = rule.path(type.equals("Ingress") ? "from" : "to");
                boolean peerOk = peers.isMissingNode() || peers.isEmpty();
                for (JsonNode q : peers) {
                    peerOk |= peerMatches(q, peer);
                }
                boolean portOk = rule.path("ports").isMissingNode() || rule.path("ports").isEmpty();
                for (JsonNode q : rule.path("ports")) {
                    portOk |= portMatches(q, destination, port, protocol);
                }
                if (peerOk && portOk) {
                    return true;
                }
            }
        }
        return !isolated;
    }

    static boolean hasType(JsonNode spec, String type) {
        JsonNode types = spec.path("policyTypes");
        if (types.isMissingNode() || types.isEmpty()) {
            return type.equals("Ingress") || spec.has("egress");
        }
        for (JsonNode t : types) {
            if (type.equals(t.asText())) {
                return true;
            }
        }
        return false;
    }

    private boolean peerMatches(JsonNode q, Endpoint peer) {
        if (q.has("ipBlock")) {
            if (peer.isPod()) {
                return false;
            }
            JsonNode block = q.path("ipBlock");
            if (!inCidr(peer.ip(), block.path("cidr").asText())) {
                return false;
            }
            for (JsonNode except : block.path("except")) {
                if (inCidr(peer.ip(), except.asText())) {
                    return false;
                }
            }
            return true;
        }
        if (!peer.isPod()) {
            return false;
        }
        if (q.has("namespaceSelector")) {
            Map<String, String> nsLabels = Map.of("kubernetes.io/metadata.name", peer.namespace());
            if (!selects(q.path("namespaceSelector"), nsLabels)) {
                return false;
            }
        } else if (!namespace.equals(peer.namespace())) {
            return false;
        }
        return !q.has("podSelector") || selects(q.path("podSelector"), peer.labels());
    }

    private static boolean portMatches(JsonNode q, Endpoint destination, int port, String protocol) {
        if (!q.path("protocol").asText("TCP").equals(protocol)) {
            return false;
        }
        JsonNode p = q.path("port");
        if (p.isMissingNode()) {
            return true;
        }
        if (p.isNumber()) {
            int end = q.path("endPort").asInt(p.asInt());
            return port >= p.asInt() && port <= end;
        }
        Integer named = destination.namedPorts().get(p.asText());
        return named != null && named == port;
    }

    /** Label selector semantics: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist) all hold. */
    static boolean selects(JsonNode selector, Map<String, String> labels) {
        if (selector.isMissingNode() || selector.isNull()) {
            return false;
        }
        for (var it = selector.path("matchLabels").fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (JsonNode expr : selector.path("matchExpressions")) {
            String value = labels.get(expr.path("key").asText());
            boolean in = false;
            for (JsonNode v : expr.path("values")) {
                in |= v.asText().equals(value);
            }
            boolean ok = switch (expr.path("operator").asText()) {
                case "In" -> in;
                case "NotIn" -> !in;
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean inCidr(String ip, String cidr) {
        String[] parts = cidr.split("/");
        int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : 32;
        long mask = bits == 0 ? 0 : 0xFFFFFFFFL << (32 - bits) & 0xFFFFFFFFL;
        return (ipv4(ip) & mask) == (ipv4(parts[0]) & mask);
    }

    private static long ipv4(String ip) {
        long v = 0;
        for (String octet : ip.split("\\.")) {
            v = v << 8 | Integer.parseInt(octet);
        }
        return v;
    }
}
