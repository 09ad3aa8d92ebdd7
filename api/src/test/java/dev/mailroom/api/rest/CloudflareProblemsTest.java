package dev.mailroom.api.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;

class CloudflareProblemsTest {

    @Test
    void fieldErrorsBecomeOneErrorAndOneReadableMessageEachWithTheirPointer() {
        Problem p = ApiException.invalid(List.of(new Problem.FieldError("to[1]", "is not an address"),
                new Problem.FieldError("headers.X-Tag", "contains a line break"))).problem();
        CloudflareProblems.Answer a = CloudflareProblems.of(p);
        assertEquals(400, a.status());
        assertFalse(a.body().success());
        assertNull(a.body().result());
        assertEquals(List.of(
                new CloudflareEnvelope.Item(10001, "email.sending.error.invalid_request_schema",
                        new CloudflareEnvelope.Source("/to/1")),
                new CloudflareEnvelope.Item(10001, "email.sending.error.invalid_request_schema",
                        new CloudflareEnvelope.Source("/headers/X-Tag"))), a.body().errors());
        assertEquals("to/1: is not an address", a.body().messages().get(0).message());
        assertEquals("headers/X-Tag: contains a line break", a.body().messages().get(1).message());
    }

    @Test
    void aBrokenMimeMessageIsAnInvalidEmail() {
        Problem p = ApiException.invalid(List.of(new Problem.FieldError("raw", "has no From header field")))
                .problem();
        CloudflareProblems.Answer a = CloudflareProblems.of(p, f -> f.equals("raw") ? "/mime_message" : "/" + f,
                CloudflareError.INVALID_REQUEST_SCHEMA);
        assertEquals(400, a.status());
        assertEquals(10202, a.body().errors().get(0).code());
        assertEquals("email.sending.error.email.invalid", a.body().errors().get(0).message());
    }

    @Test
    void aRefusedSenderDomainIsSendingDisabledWhenTheCallerSaysSo() {
        Problem p = new Problem(Problem.TYPE_PREFIX + "forbidden", "Forbidden", 403, "from: no",
                null, List.of(new Problem.FieldError("from", "Mailroom does not send for x.org")));
        CloudflareProblems.Answer a = CloudflareProblems.of(p, CloudflareProblems::pointer,
                CloudflareError.SENDING_DISABLED);
        assertEquals(403, a.status());
        assertEquals(10203, a.body().errors().get(0).code());
        assertEquals("/from", a.body().errors().get(0).source().pointer());
    }

    @Test
    void statusesMapToCloudflaresCodes() {
        record Case(Problem problem, int status, int code) {
        }
        for (Case c : List.of(
                new Case(ApiException.unauthorized().problem(), 401, 10101),
                new Case(ApiException.forbidden("no").problem(), 403, 10102),
                new Case(ApiException.notFound("x").problem(), 404, 10000),
                new Case(Problem.of(413, "too-large", "Too large", "x"), 400, 10200),
                new Case(Problem.of(429, "rate-limited", "Too many requests", "x"), 429, 10004),
                new Case(Problem.of(503, "key-check-unavailable", "Service unavailable", "x"), 503, 10100),
                new Case(Problem.of(503, "kafka-unavailable", "Service unavailable", "x"), 503, 10002),
                new Case(Problem.of(500, "internal-error", "Internal error", "x"), 500, 10002),
                new Case(Problem.of(400, "malformed-json", "Malformed JSON", "x"), 400, 10001),
                new Case(Problem.of(415, "unsupported-media-type", "x", "x"), 400, 10001))) {
            CloudflareProblems.Answer a = CloudflareProblems.of(c.problem());
            assertEquals(c.status(), a.status(), c.problem().type());
            assertEquals(c.code(), a.body().errors().get(0).code(), c.problem().type());
            assertEquals(c.problem().detail(), a.body().messages().get(0).message());
        }
    }

    @Test
    void mailroomFieldPathsBecomeJsonPointers() {
        assertEquals("/from", CloudflareProblems.pointer("from"));
        assertEquals("/to/0", CloudflareProblems.pointer("to[0]"));
        assertEquals("/attachments/2/content", CloudflareProblems.pointer("attachments[2].content"));
        assertEquals("/headers/X-A.b~1", CloudflareProblems.pointer("headers.X-A.b/"));
        assertEquals("/0/to/1", CloudflareProblems.pointer("[0].to[1]"));
        assertEquals("/to/0/address", CloudflareProblems.pointer("/to/0/address"), "a pointer already");
    }
}
