package dev.mailroom.api.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

import dev.mailroom.platform.problem.Problem;

/**
 * Completes the generated document with what is the same for every operation (ADR 0030), so no operation can
 * forget it: the {@code Problem} schema with the documented {@code type} URIs ({@link ProblemTypes}); on every
 * {@code /v1} operation the error responses it can answer (401, 403, 429, 500, 503; 404 with a path parameter; 400,
 * 415 and 422 with a body; 422 with query parameters), each as {@code application/problem+json} with an example per
 * type; the bearer key requirement; and, where a success answer has no example yet, one built from the schema's
 * property examples. The Cloudflare-compatible operations ({@code /client/v4/}) answer errors in Cloudflare's
 * envelope instead: {@link CloudflareDocument}. Registered by {@code mp.openapi.filter}.
 */
public class PublicDocument implements OASFilter {

    static final String PROBLEM = "Problem";
    static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents() == null ? OASFactory.createComponents()
                : openAPI.getComponents();
        openAPI.setComponents(components);
        components.addSchema(PROBLEM, problemSchema());
        components.addSchema("FieldError", OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("One invalid field: its JSON path and what is wrong with it.")
                .addProperty("field", OASFactory.createSchema().addType(SchemaType.STRING).example("to[1]"))
                .addProperty("detail", OASFactory.createSchema().addType(SchemaType.STRING)
                        .example("is not a valid address")));
        if (openAPI.getPaths() == null) {
            return;
        }
        if (openAPI.getPaths().getPathItems().keySet().stream()
                .anyMatch(p -> p.startsWith(CloudflareDocument.PREFIX))) {
            components.addSchema(CloudflareDocument.FAILURE, CloudflareDocument.failureSchema());
            CloudflareDocument.addressSchemas(components);
        }
        Map<String, Schema> schemas = components.getSchemas();
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/v1/")) {
                item.getOperations().forEach((method, operation) -> complete(path, method, operation, schemas));
            } else if (path.startsWith(CloudflareDocument.PREFIX)) {
                item.getOperations().values().forEach(operation -> CloudflareDocument.complete(operation, schemas));
            }
        });
    }

    private static void complete(String path, PathItem.HttpMethod method, Operation operation,
            Map<String, Schema> schemas) {
        if (operation.getSecurity() == null || operation.getSecurity().isEmpty()) {
            operation.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme("apiKey"));
        }
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        boolean pathParameter = path.contains("{");
        boolean queryParameter = parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.QUERY);
        boolean body = operation.getRequestBody() != null;
        List<Integer> statuses = new ArrayList<>(List.of(401, 403, 429, 500, 503));
        if (pathParameter) {
            statuses.add(404);
        }
        if (body) {
            statuses.addAll(List.of(400, 415, 422));
        }
        if (queryParameter && !statuses.contains(422)) {
            statuses.add(422);
        }
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        for (int status : statuses) {
            if (!operation.getResponses().hasAPIResponse(Integer.toString(status))) {
                operation.getResponses().addAPIResponse(Integer.toString(status),
                        OASFactory.createAPIResponse().description(describe(status, path)));
            }
        }
        operation.getResponses().getAPIResponses().forEach((code, response) -> {
            int status = code.matches("\\d{3}") ? Integer.parseInt(code) : 0;
            if (status >= 400) {
                problemContent(path, status, response);
            }
        });
        successExamples(operation, schemas);
    }

    /**
     * Where a success answer or the request body has a schema and no example, one built from the schema's property
     * examples.
     */
    static void successExamples(Operation operation, Map<String, Schema> schemas) {
        operation.getResponses().getAPIResponses().forEach((code, response) -> {
            if (code.matches("2\\d\\d") && response.getContent() != null) {
                response.getContent().getMediaTypes().values().forEach(media -> exampleFor(media, schemas));
            }
        });
        if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
            operation.getRequestBody().getContent().getMediaTypes().values().forEach(media -> exampleFor(media,
                    schemas));
        }
    }

    private static void exampleFor(MediaType media, Map<String, Schema> schemas) {
        if (media.getExample() == null && (media.getExamples() == null || media.getExamples().isEmpty())
                && media.getSchema() != null) {
            media.setExample(example(media.getSchema(), schemas, 0));
        }
    }

    /** The types an operation on {@code path} answers with {@code status}; every type of it when none is scoped. */
    private static List<ProblemTypes.Type> typesOf(int status, String path) {
        List<ProblemTypes.Type> types = ProblemTypes.ofStatus(status, path);
        return types.isEmpty() ? ProblemTypes.ofStatus(status) : types;
    }

    private static String describe(int status, String path) {
        List<ProblemTypes.Type> types = typesOf(status, path);
        return types.isEmpty() ? "HTTP " + status
                : String.join("; ", types.stream().map(t -> t.slug() + ": " + t.meaning()).toList());
    }

    /** Every error answer is a problem document, with one example per type of its status. */
    private static void problemContent(String path, int status, APIResponse response) {
        MediaType media = OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF));
        List<ProblemTypes.Type> types = typesOf(status, path);
        for (ProblemTypes.Type t : types) {
            Map<String, Object> example = new LinkedHashMap<>();
            example.put("type", t.uri());
            example.put("title", t.title());
            example.put("status", t.status());
            example.put("detail", t.meaning());
            example.put("instance", path);
            if (t.slug().equals("invalid-request") || t.slug().equals("malformed-json")) {
                example.put("errors", List.of(Map.of("field", "limit", "detail", "must be between 1 and 200")));
            }
            media.addExample(t.slug(), OASFactory.createExample().summary(t.title()).value(example));
        }
        Content content = OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, media);
        response.setContent(content);
        if (response.getDescription() == null || response.getDescription().isBlank()) {
            response.setDescription(describe(status, path));
        }
    }

    private static Schema problemSchema() {
        Schema type = OASFactory.createSchema().addType(SchemaType.STRING).format("uri")
                .description("Stable URI of the problem type; clients branch on it, never on texts: "
                        + String.join(", ", ProblemTypes.ALL.stream().map(t -> t.slug() + " (" + t.status() + ")")
                                .toList()));
        ProblemTypes.ALL.forEach(t -> type.addEnumeration(t.uri()));
        return OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("An RFC 9457 problem document (application/problem+json), the one error shape of the"
                        + " API. Absent members are left out.")
                .addProperty("type", type)
                .addProperty("title", OASFactory.createSchema().addType(SchemaType.STRING).example("Invalid request"))
                .addProperty("status", OASFactory.createSchema().addType(SchemaType.INTEGER).example(422))
                .addProperty("detail", OASFactory.createSchema().addType(SchemaType.STRING)
                        .example("limit: must be between 1 and 200"))
                .addProperty("instance", OASFactory.createSchema().addType(SchemaType.STRING).example("/v1/drafts"))
                .addProperty("errors", OASFactory.createSchema().addType(SchemaType.ARRAY)
                        .items(OASFactory.createSchema().ref("#/components/schemas/FieldError")))
                .required(List.of("type", "title", "status"));
    }

    /** An example value of {@code schema}: its own example, else one built from its properties or items. */
    static Object example(Schema schema, Map<String, Schema> schemas, int depth) {
        if (schema.getExample() != null) {
            return schema.getExample();
        }
        if (schema.getExamples() != null && !schema.getExamples().isEmpty()) {
            return schema.getExamples().get(0); // OpenAPI 3.1: @Schema(example) lands here
        }
        if (schema.getRef() != null) {
            Schema target = schemas == null ? null
                    : schemas.get(schema.getRef().substring(schema.getRef().lastIndexOf('/') + 1));
            return target == null || depth > 8 ? Map.of() : example(target, schemas, depth + 1);
        }
        if (schema.getEnumeration() != null && !schema.getEnumeration().isEmpty()) {
            return schema.getEnumeration().get(0);
        }
        List<SchemaType> types = schema.getType() == null ? List.of() : schema.getType();
        if (schema.getProperties() != null && !schema.getProperties().isEmpty()) {
            Map<String, Object> out = new TreeMap<>();
            schema.getProperties().forEach((name, property) -> {
                Object value = example(property, schemas, depth + 1);
                if (value != null) {
                    out.put(name, value);
                }
            });
            return new LinkedHashMap<>(out);
        }
        if (types.contains(SchemaType.ARRAY)) {
            return schema.getItems() == null ? List.of() : List.of(example(schema.getItems(), schemas, depth + 1));
        }
        if (types.contains(SchemaType.OBJECT)) {
            return Map.of();
        }
        if (types.contains(SchemaType.INTEGER)) {
            return 0;
        }
        if (types.contains(SchemaType.NUMBER)) {
            return 0.0;
        }
        if (types.contains(SchemaType.BOOLEAN)) {
            return true;
        }
        if (types.contains(SchemaType.STRING)) {
            return "date-time".equals(schema.getFormat()) ? "2026-12-07T06:13:04Z" : "string";
        }
        if (schema.getAllOf() != null && !schema.getAllOf().isEmpty()) {
            return example(schema.getAllOf().get(0), schemas, depth + 1);
        }
        if (schema.getAnyOf() != null && !schema.getAnyOf().isEmpty()) {
            return example(schema.getAnyOf().get(0), schemas, depth + 1);
        }
        if (schema.getOneOf() != null && !schema.getOneOf().isEmpty()) {
            return example(schema.getOneOf().get(0), schemas, depth + 1);
        }
        return null;
    }

    static SecurityRequirement bearer() {
        return OASFactory.createSecurityRequirement().addScheme("apiKey");
    }
}
