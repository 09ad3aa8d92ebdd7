package dev.mailroom.platform.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.contract.Json;

class ProblemsTest {

    @JsonIgnoreProperties(ignoreUnknown = false)
    record Attachment(String filename, Integer size) {
    }

    record Body(String from, List<String> to, List<Attachment> attachments, Boolean draft) {
    }

    record Checked(@NotBlank String name, @Size(max = 2) List<String> domains) {
    }

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static Problem read(String json) {
        Problem p = readAny(json);
        assertEquals(400, p.status());
        assertEquals("https://mailroom.dev/problems/malformed-json", p.type());
        return p;
    }

    /** The problem of a body Jackson refused, whatever its status; never a Java name in it. */
    private static Problem readAny(String json) {
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> STRICT.readValue(json, Body.class));
        Problem p = Problems.malformedJson(e);
        String rendered = json(p);
        assertFalse(rendered.contains("Exception"), rendered);
        assertFalse(rendered.contains("java."), rendered);
        assertFalse(rendered.contains("dev.mailroom"), rendered);
        return p;
    }

    @Test
    void unknownFieldIsRefusedAs422NamingItsPath() {
        Problem p = readAny("{\"from\":\"a@b.test\",\"attachments\":[{\"filename\":\"x\"},{\"fielname\":\"y\"}]}");
        assertEquals("attachments[1].fielname", p.errors().get(0).field());
        assertEquals("attachments[1].fielname: is not a known field", p.detail());
        assertEquals(422, p.status());
        assertEquals("invalid-request", p.slug());
    }

    @Test
    void wrongTypeNamesTheFieldAndTheJsonKindNotTheJavaType() {
        Problem p = read("{\"attachments\":[{\"size\":\"big\"}]}");
        assertEquals("attachments[0].size", p.errors().get(0).field());
        assertEquals("is not a valid integer", p.errors().get(0).detail());
        Problem array = read("{\"to\":{\"a\":1}}");
        assertEquals("to", array.errors().get(0).field());
        assertEquals("must be an array", array.errors().get(0).detail());
        Problem bool = read("{\"draft\":[1]}");
        assertEquals("draft", bool.errors().get(0).field());
    }

    @Test
    void syntaxErrorSaysWhereWithoutTheParsersMessage() {
        Problem p = read("{\"from\":\"a@b.test\",\"to\":[\"x\",}");
        assertTrue(p.detail().contains("not valid JSON (line 1, column"), p.detail());
        Problem notJson = read("{not json");
        assertNull(notJson.errors());
        assertTrue(notJson.detail().startsWith("the body is not valid JSON"), notJson.detail());
    }

    @Test
    void beanValidationNamesEachFieldInOrder() {
        Validator validator = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();
        Problem p = Problems.invalid(validator.validate(new Checked(" ", List.of("a", "b", "c"))));
        assertEquals(422, p.status());
        assertEquals("https://mailroom.dev/problems/invalid-request", p.type());
        assertEquals(List.of("domains", "name"), p.errors().stream().map(Problem.FieldError::field).toList());
        assertEquals("2 fields are invalid", p.detail());
    }

    @Test
    void lastResortShowsAnErrorIdOnly() {
        String id = Problems.newErrorId();
        Problem p = Problems.internal(id);
        assertEquals(500, p.status());
        assertTrue(p.detail().contains(id));
        assertEquals(12, id.length());
    }

    @Test
    void renderedProblemLeavesOutAbsentMembers() {
        assertEquals("{\"type\":\"https://mailroom.dev/problems/not-found\",\"title\":\"Not found\",\"status\":404,"
                + "\"detail\":\"no such resource\"}", json(Problems.notFound()));
        assertEquals("{\"type\":\"https://mailroom.dev/problems/invalid-request\",\"title\":\"Invalid request\","
                + "\"status\":422,\"detail\":\"to[1]: is not an address\",\"instance\":\"/v1/send\","
                + "\"errors\":[{\"field\":\"to[1]\",\"detail\":\"is not an address\"}]}",
                json(ApiException.invalid(List.of(new Problem.FieldError("to[1]", "is not an address")))
                        .problem().at("/v1/send")));
        assertEquals("not-found", Problems.notFound().slug());
    }

    private static String json(Object value) {
        return new String(Json.encode(value), java.nio.charset.StandardCharsets.UTF_8);
    }
}
