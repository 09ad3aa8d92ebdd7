package dev.mailroom.api.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.platform.problem.Problem;

class CloudflareMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static CloudflareSendJson body(String json) throws Exception {
        return JSON.readValue(json.replace('\'', '"'), CloudflareSendJson.class);
    }

    private static List<String> fields(List<Problem.FieldError> errors) {
        return errors.stream().map(Problem.FieldError::field).toList();
    }

    @Test
    void addressUnionsStringObjectAndArraysAreRead() throws Exception {
        List<Problem.FieldError> errors = new ArrayList<>();
        CloudflareMapping.Parsed p = CloudflareMapping.parse(body("{'from': {'address': 'app@agents.localhost',"
                + " 'name': 'Ann \\'The\\' App'}, 'to': 'a@example.org', 'cc': ['b@example.org', {'address':"
                + " 'c@example.org', 'name': null}], 'bcc': {'address': 'd@example.org'}, 'reply_to':"
                + " 'r@example.org', 'subject': 'Hi', 'text': 'hello'}"), errors);
        assertEquals(List.of(), errors);
        assertEquals("\"Ann \\\"The\\\" App\" <app@agents.localhost>", p.from().asApiString());
        assertEquals("/from", p.from().pointer());
        assertEquals("/to", p.to().get(0).pointer());
        assertEquals("/cc/1", p.cc().get(1).pointer());
        assertEquals("c@example.org", p.cc().get(1).asApiString());
        assertEquals(List.of("a@example.org", "b@example.org", "c@example.org", "d@example.org"), p.recipients());
        assertEquals("r@example.org", p.replyTo().address());
        assertNull(p.html());
    }

    @Test
    void missingAndMalformedFieldsAreNamedByJsonPointer() throws Exception {
        List<Problem.FieldError> errors = new ArrayList<>();
        CloudflareMapping.parse(body("{'from': 42, 'to': ['a@example.org', {'name': 'x'}, {'address': 'b@x.org',"
                + " 'mail': 1}], 'html': '', 'headers': {'Date': 'now'}, 'attachments': [{'content': 'AA==',"
                + " 'filename': 'a.png', 'type': 'image/png', 'disposition': 'inline'}, {'content': 'AA==',"
                + " 'filename': 'b.txt', 'type': 'text/plain', 'disposition': 'sideways'}]}"), errors);
        assertEquals(List.of("/from", "/to/1/address", "/to/2/mail", "/subject", "/text", "/headers/Date",
                "/attachments/0/content_id", "/attachments/1/disposition"), fields(errors));
        assertTrue(errors.get(5).detail().startsWith("E_HEADER_NOT_ALLOWED: "), errors.get(5).detail());
    }

    @Test
    void someRecipientAndSomeBodyAreRequired() throws Exception {
        List<Problem.FieldError> errors = new ArrayList<>();
        CloudflareMapping.parse(body("{'subject': 'x'}"), errors);
        assertEquals(List.of("/from", "/to", "/text"), fields(errors));
    }

    @Test
    void unknownTopLevelFieldsAreRefusedByTheReader() {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> body("{'from': 'a@x.org', 'reply-to': 'b@x.org'}"));
        assertTrue(e.getMessage().contains("reply-to"), e.getMessage());
    }
}
