package dev.mailroom.api.forwarded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The owners answer what the api's document declares (ADR 0030): every forwarded operation with a JSON answer has a
 * real answer recorded by its owner's REST tests ({@code recorded-answers/<operationId>.json}, written by
 * {@code stack/RecordedAnswers} from agent-host's and egress-sender's tests), and that answer parses into the
 * declared DTO with unknown fields refused.
 */
class ForwardedContractTest {

    private static final ObjectMapper STRICT = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private static final List<Class<?>> DECLARATIONS = List.of(AgentsApi.class, DraftsApi.class, SchedulesApi.class,
            MessagesApi.class, SuppressionsApi.class, MailboxesApi.class, ThreadApi.class,
            ThreadsApi.class, WebhooksApi.class, EventsApi.class, RepliesApi.class, LabelsApi.class);

    @Test
    void everyRecordedOwnerAnswerParsesIntoTheDeclaredSchema() throws IOException {
        List<String> checked = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Class<?> declaration : DECLARATIONS) {
            for (Method method : declaration.getDeclaredMethods()) {
                Operation operation = method.getAnnotation(Operation.class);
                Class<?> schema = schema(method);
                if (operation == null || schema == null) {
                    continue; // no JSON answer (204, server-sent events)
                }
                String id = operation.operationId();
                try (InputStream in = getClass().getResourceAsStream("/recorded-answers/" + id + ".json")) {
                    if (in == null) {
                        problems.add(id + ": no answer recorded by its owner's tests");
                        continue;
                    }
                    STRICT.readValue(in, schema);
                    checked.add(id);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    problems.add(id + " does not parse into " + schema.getSimpleName() + ": "
                            + e.getOriginalMessage());
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(checked.size() >= 18, "answers checked: " + checked);
    }

    @Test
    void anAnswerWithAFieldTheDocumentLacksIsRefused() {
        try {
            STRICT.readValue("{\"id\":\"d1\",\"threadId\":\"t1\"}", Schemas.Draft.class);
            fail("a camelCase member must not parse");
        } catch (IOException expected) {
            assertTrue(expected.getMessage().contains("threadId"), expected.getMessage());
        }
    }

    /**
     * The DTO of a method's success answer: its return type, or the 2xx @APIResponse's schema class for a Response
     * (none for a schema without one: bytes such as a raw message or an attachment).
     */
    private static Class<?> schema(Method method) {
        if (method.getReturnType() == void.class) {
            return null;
        }
        if (method.getReturnType() != Response.class) {
            return method.getReturnType();
        }
        for (APIResponse response : method.getAnnotationsByType(APIResponse.class)) {
            if (response.responseCode().startsWith("2") && response.content().length > 0) {
                Class<?> implementation = response.content()[0].schema().implementation();
                return implementation == Void.class ? null : implementation; // bytes (raw, attachment), not JSON
            }
        }
        return null;
    }
}
