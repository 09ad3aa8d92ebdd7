package dev.mailroom.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Validates one rendered document strictly. Core kinds (the API groups Kubernetes serves itself) go through the
 * Kubernetes Java client's model classes: {@code validateJsonElement} refuses unknown and missing required fields at
 * every depth, and reading the document into the model refuses values of the wrong type. Custom resources go
 * through their CRD's {@code openAPIV3Schema}, made strict: {@code additionalProperties: false} wherever properties
 * are listed (unless the schema says {@code x-kubernetes-preserve-unknown-fields}), int-or-string fields as either.
 * A document neither covers is a problem too.
 */
final class SchemaValidator {

    /** API groups whose kinds the client's model classes describe. */
    private static final Set<String> CORE_GROUPS = Set.of("", "apps", "batch", "policy", "autoscaling",
            "networking.k8s.io", "rbac.authorization.k8s.io", "storage.k8s.io", "scheduling.k8s.io",
            "coordination.k8s.io", "discovery.k8s.io");

    private final Map<String, JsonSchema> customResources = new HashMap<>();

    /** Loads every CRD (YAML) under the given folders. */
    SchemaValidator(Path... crdFolders) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
        for (Path folder : crdFolders) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                    for (ObjectNode doc : Manifests.parse(Files.readString(f))) {
                        if (!"CustomResourceDefinition".equals(Manifests.kind(doc))) {
                            continue;
                        }
                        String group = doc.path("spec").path("group").asText();
                        String kind = doc.path("spec").path("names").path("kind").asText();
                        for (JsonNode version : doc.path("spec").path("versions")) {
                            JsonNode schema = version.path("schema").path("openAPIV3Schema");
                            if (schema.isObject()) {
                                customResources.put(group + "/" + version.path("name").asText() + " " + kind,
                                        factory.getSchema(strict(schema.deepCopy())));
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the CRDs in " + folder, e);
            }
        }
        if (customResources.isEmpty()) {
            throw new IllegalStateException("no CustomResourceDefinition found in " + List.of(crdFolders));
        }
    }

    /** The kinds of custom resources known, as {@code group/version Kind}. */
    Set<String> customResourceKinds() {
        return customResources.keySet();
    }

    /** What is wrong with {@code doc}; empty when it is valid. */
    List<String> validate(JsonNode doc) {
        String apiVersion = doc.path("apiVersion").asText();
        String kind = Manifests.kind(doc);
        String where = Manifests.id(doc) + ": ";
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            return List.of(where + "apiVersion and kind are required");
        }
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        if (!doc.path("metadata").isObject() || Manifests.name(doc).isEmpty()) {
            return List.of(where + "metadata.name is required");
        }
        JsonSchema schema = customResources.get(apiVersion + " " + kind);
        if (schema != null) {
            List<String> problems = new ArrayList<>();
            for (ValidationMessage m : schema.validate(doc)) {
                problems.add(where + m.getMessage());
            }
            problems.addAll(core(where, "V1ObjectMeta", V1ObjectMeta.class, doc.path("metadata")));
            return problems;
        }
        if (CORE_GROUPS.contains(group)) {
            String className = "V" + version.substring(1) + kind;
            try {
                Class<?> model = Class.forName("io.kubernetes.client.openapi.models." + className);
                return core(where, className, model, doc);
            } catch (ClassNotFoundException e) {
                return List.of(where + "no Kubernetes model for " + apiVersion + " " + kind);
            }
        }
        return List.of(where + "no validator covers " + apiVersion + " " + kind
                + " (neither a core kind nor a CRD in the schema folders)");
    }

    private static List<String> core(String where, String className, Class<?> model, JsonNode doc) {
        JsonElement json = JsonParser.parseString(doc.toString());
        try {
            Method validate = model.getMethod("validateJsonElement", JsonElement.class);
            validate.invoke(null, json);
            // reading into the model checks the types the validation above does not (numbers, booleans)
            Method fromJson = model.getMethod("fromJson", String.class);
            fromJson.invoke(null, doc.toString());
            return List.of();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            return List.of(where + className + ": " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the model " + className + " has no validateJsonElement/fromJson", e);
        }
    }

    /**
     * The CRD schema made strict for a JSON-schema validator: no property a schema does not list, int-or-string as
     * either, {@code nullable} honoured.
     */
    static JsonNode strict(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if (o.path("x-kubernetes-int-or-string").asBoolean(false)) {
                o.remove("type");
                ArrayNode anyOf = o.putArray("anyOf");
                anyOf.addObject().put("type", "integer");
                anyOf.addObject().put("type", "string");
            }
            if (o.path("nullable").asBoolean(false) && o.path("type").isTextual()) {
                ArrayNode types = JsonNodeFactory.instance.arrayNode();
                types.add(o.path("type").asText());
                types.add("null");
                o.set("type", types);
            }
            if (o.has("properties") && !o.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
                    && !o.has("additionalProperties")) {
                o.put("additionalProperties", false);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                strict(it.next().getValue());
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(SchemaValidator::strict);
        }
        return node;
    }
}
