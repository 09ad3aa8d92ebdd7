package dev.mailroom.api.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import dev.mailroom.api.rest.CloudflareError;
import dev.mailroom.api.rest.CloudflareSendJson;

/**
 * The Cloudflare-compatible operations ({@code /client/v4/}) in the document: they answer errors in Cloudflare's
 * envelope ({@code application/json} {@code {success, errors, messages, result}}), not problem+json, because the
 * official SDKs read {@code errors[].code} (api/README.md, "Cloudflare-compatible send"). Every operation documents
 * 400, 401, 403, 429, 500 and 503 with the {@value #FAILURE} schema and an example per {@link CloudflareError} of
 * that status, the bearer key requirement, and examples of its body and success answer.
 */
final class CloudflareDocument {

    static final String PREFIX = "/client/v4/";
    static final String FAILURE = "CloudflareFailure";
    static final String FAILURE_REF = "#/components/schemas/" + FAILURE;
    static final String MEDIA = "application/json";
    static final String MAILBOX = "CloudflareMailbox";

    /** The statuses every Cloudflare-compatible operation documents. */
    static final List<Integer> STATUSES = List.of(400, 401, 403, 429, 500, 503);

    private CloudflareDocument() {
    }

    static void complete(Operation operation, Map<String, Schema> schemas) {
        if (operation.getSecurity() == null || operation.getSecurity().isEmpty()) {
            operation.addSecurityRequirement(PublicDocument.bearer());
        }
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        for (int status : STATUSES) {
            if (!operation.getResponses().hasAPIResponse(Integer.toString(status))) {
                operation.getResponses().addAPIResponse(Integer.toString(status), OASFactory.createAPIResponse());
            }
        }
        operation.getResponses().getAPIResponses().forEach((code, response) -> {
            if (code.matches("[45]\\d\\d")) {
                envelope(Integer.parseInt(code), response);
            }
        });
        PublicDocument.successExamples(operation, schemas);
    }

    /** The Cloudflare errors answered with {@code status}: 503 also carries 10002 (a dependency that failed). */
    static List<CloudflareError> errorsOf(int status) {
        List<CloudflareError> out = new ArrayList<>();
        for (CloudflareError e : CloudflareError.values()) {
            if (e.status() == status) {
                out.add(e);
            }
        }
        if (status == 503) {
            out.add(CloudflareError.INTERNAL_SERVER);
        }
        return out;
    }

    private static void envelope(int status, APIResponse response) {
        List<CloudflareError> errors = errorsOf(status);
        if (errors.isEmpty()) {
            errors = List.of(CloudflareError.INVALID_REQUEST_SCHEMA);
        }
        MediaType media = OASFactory.createMediaType().schema(OASFactory.createSchema().ref(FAILURE_REF));
        for (CloudflareError e : errors) {
            String pointer = pointerOf(e);
            Map<String, Object> error = item(e.code(), e.message(), pointer);
            Map<String, Object> message = item(e.code(), reasonOf(e, status), pointer);
            Map<String, Object> example = new LinkedHashMap<>();
            example.put("success", false);
            example.put("errors", List.of(error));
            example.put("messages", List.of(message));
            example.put("result", null);
            media.addExample(Integer.toString(e.code()), OASFactory.createExample()
                    .summary(e.code() + " " + e.message()).value(example));
        }
        response.setContent(OASFactory.createContent().addMediaType(MEDIA, media));
        if (response.getDescription() == null || response.getDescription().isBlank()) {
            response.setDescription("Cloudflare's envelope, errors[].code " + String.join(" or ",
                    errors.stream().map(e -> e.code() + " (" + e.message() + ")").toList()));
        }
    }

    private static Map<String, Object> item(int code, String message, String pointer) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("code", code);
        item.put("message", message);
        if (pointer != null) {
            item.put("source", Map.of("pointer", pointer));
        }
        return item;
    }

    private static String pointerOf(CloudflareError e) {
        return switch (e) {
            case INVALID_REQUEST_SCHEMA -> "/to/1";
            case EMAIL_INVALID -> "/mime_message";
            case SENDING_DISABLED -> "/from";
            default -> null;
        };
    }

    /** Mailroom's readable reason, as {@code messages[].message} carries it. */
    private static String reasonOf(CloudflareError e, int status) {
        return switch (e) {
            case INVALID_REQUEST_SCHEMA -> "to/1: is not a valid address";
            case EMAIL_INVALID -> "mime_message: has no From header field";
            case TOO_BIG -> "the message is larger than Mailroom accepts";
            case UNAUTHORIZED -> "no API key, or not a valid one";
            case FORBIDDEN -> "this key lacks the send permission";
            case SENDING_DISABLED -> "from: Mailroom does not send for example.org: its DKIM records are not"
                    + " verified yet";
            case THROTTLED -> "the key's rate is used up; retry after Retry-After";
            case AUTHENTICATION_UPSTREAM -> "API keys cannot be verified right now; retry later";
            case INTERNAL_SERVER -> status == 503
                    ? "Kafka did not acknowledge in time: nothing was accepted; retry after Retry-After"
                    : "an unexpected error; error id 7c1e9a for the operator's log";
            case NOT_FOUND -> "no such resource";
        };
    }

    /** The schemas of the request bodies' addresses ({@code CloudflareSendJson.ADDRESS}, {@code ADDRESSES}). */
    static void addressSchemas(org.eclipse.microprofile.openapi.models.Components components) {
        components.addSchema(MAILBOX, OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("An address with an optional display name.")
                .addProperty("address", OASFactory.createSchema().addType(SchemaType.STRING)
                        .example("ann@example.org"))
                .addProperty("name", OASFactory.createSchema().addType(SchemaType.STRING).example("Ann"))
                .required(List.of("address")));
        Schema address = OASFactory.createSchema().ref(ref(CloudflareSendJson.ADDRESS));
        components.addSchema(ref(CloudflareSendJson.ADDRESS), OASFactory.createSchema()
                .description("An address: a string or an {address, name} object.")
                .addOneOf(OASFactory.createSchema().addType(SchemaType.STRING).format("email"))
                .addOneOf(OASFactory.createSchema().ref("#/components/schemas/" + MAILBOX))
                .example("ann@example.org"));
        components.addSchema(ref(CloudflareSendJson.ADDRESSES), OASFactory.createSchema()
                .description("Recipients: one address (a string or an {address, name} object) or an array of them.")
                .addOneOf(address)
                .addOneOf(OASFactory.createSchema().addType(SchemaType.ARRAY).items(address))
                .example(List.of("bob@example.net")));
    }

    private static String ref(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    /** Cloudflare's envelope of a failure: {@code success} false, the errors, and {@code result} null. */
    static Schema failureSchema() {
        Schema item = OASFactory.createSchema().addType(SchemaType.OBJECT)
                .addProperty("code", OASFactory.createSchema().addType(SchemaType.INTEGER)
                        .description("Cloudflare's numeric code: " + String.join(", ", java.util.Arrays
                                .stream(CloudflareError.values()).map(e -> e.code() + " " + e.message()).toList()))
                        .example(10001))
                .addProperty("message", OASFactory.createSchema().addType(SchemaType.STRING)
                        .description("errors: Cloudflare's fixed text; messages: Mailroom's readable reason")
                        .example("email.sending.error.invalid_request_schema"))
                .addProperty("source", OASFactory.createSchema().addType(SchemaType.OBJECT)
                        .description("the field to blame, when one is")
                        .addProperty("pointer", OASFactory.createSchema().addType(SchemaType.STRING)
                                .description("JSON Pointer (RFC 6901) into the request body").example("/to/1")))
                .required(List.of("code", "message"));
        return OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("Cloudflare API v4's envelope of a failure (the Cloudflare-compatible operations answer"
                        + " it instead of problem+json: the official SDKs read errors[].code). Each entry of messages"
                        + " repeats an error's code and pointer with Mailroom's readable reason.")
                .addProperty("success", OASFactory.createSchema().addType(SchemaType.BOOLEAN).example(false))
                .addProperty("errors", OASFactory.createSchema().addType(SchemaType.ARRAY).items(item))
                .addProperty("messages", OASFactory.createSchema().addType(SchemaType.ARRAY).items(item))
                .addProperty("result", OASFactory.createSchema().addType(SchemaType.NULL)
                        .description("null on failure"))
                .required(List.of("success", "errors", "messages", "result"));
    }
}
