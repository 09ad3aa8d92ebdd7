package dev.mailroom.agenthost.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.mail.address.AddressParser;
import dev.mailroom.mail.mime.MimeBuilder;
import dev.mailroom.platform.problem.Problem;

/**
 * The body and the answer of {@code POST /v1/agents/{class}/instances/{instance}/send}: a message a person or an
 * application sends as an instance (the mailbox service's reply, reply-all and forward of an agent mailbox), through
 * the class's send policy. Addresses are strings ({@code "ann@example.org"}, {@code "Ann <ann@example.org>"});
 * attachments carry base64 {@code content}, as in the api's {@code POST /v1/send}.
 */
final class InstanceSendJson {

    private InstanceSendJson() {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = false)
    record Body(String from,
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> to,
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> cc,
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> bcc,
            String subject, String text, String html, List<File> attachments, String inReplyTo,
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> references) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = false)
    record File(String filename, String contentType, String content, String contentId) {
    }

    /** {@code status}: {@code queued} (in the outbox, leaving) or {@code held} (a draft awaiting approval). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Accepted(String id, String status, String draftId, String messageId) {
    }

    private static final MimeBuilder CHECKS = new MimeBuilder(java.time.Clock.systemUTC());

    /**
     * A person (or an application acting for one) writes these messages, not the agent: {@code Auto-Submitted: no}
     * (RFC 3834: not automatic) keeps egress from marking them {@code auto-replied} as it does the agent's own mail,
     * so the correspondent's auto-responders answer them as any person's mail.
     */
    static final java.util.Map<String, String> WRITTEN_BY_A_PERSON = java.util.Map.of("Auto-Submitted", "no");

    /**
     * The request {@code body} asks for, sent by {@code self} as send {@code id} (its Message-ID is minted when the
     * send is decided), or null with every problem added to {@code errors}, each naming its JSON field.
     */
    static OutboundRequest request(Body body, AgentRef self, String id, List<Problem.FieldError> errors) {
        if (body == null) {
            errors.add(new Problem.FieldError("", "a JSON body is required"));
            return null;
        }
        int before = errors.size();
        BiConsumer<String, String> problem = (f, d) -> errors.add(new Problem.FieldError(f, d));
        List<EmailAddress> sender = AddressParser.mailboxes(body.from() == null ? null : List.of(body.from()), "from",
                (f, d) -> problem.accept("from", d));
        if (body.from() == null) {
            problem.accept("from", "is required");
        }
        EmailAddress from = sender.isEmpty() ? null : sender.get(0);
        List<EmailAddress> to = AddressParser.mailboxes(body.to(), "to", problem);
        List<EmailAddress> cc = AddressParser.mailboxes(body.cc(), "cc", problem);
        List<EmailAddress> bcc = AddressParser.mailboxes(body.bcc(), "bcc", problem);
        List<OutboundRequest.Attachment> files = new ArrayList<>();
        List<File> given = body.attachments() == null ? List.of() : body.attachments();
        for (int i = 0; i < given.size(); i++) {
            File f = given.get(i);
            if (f == null || f.content() == null) {
                problem.accept("attachments[" + i + "].content", "is required (base64)");
            } else {
                files.add(new OutboundRequest.Attachment(f.filename(), f.contentType(), f.content(), f.contentId()));
            }
        }
        if (errors.size() > before) {
            return null;
        }
        OutboundRequest request = new OutboundRequest(OutboundRequest.VERSION, id, from, to, cc, bcc, null,
                body.subject(), body.text(), body.html(), unbracket(body.inReplyTo()),
                body.references() == null ? null : body.references().stream().map(InstanceSendJson::unbracket).toList(),
                WRITTEN_BY_A_PERSON, self, null, java.time.Instant.now(), files, null);
        CHECKS.problems(request).forEach(v -> problem.accept(
                v.field().replaceFirst("^(from|(?:to|cc|bcc)\\[\\d+\\])\\.(?:address|name)$", "$1"), v.detail()));
        return errors.size() > before ? null : request;
    }

    /** {@code id} without one pair of enclosing angle brackets (a Message-ID as clients write it), or null. */
    static String unbracket(String id) {
        if (id == null) {
            return null;
        }
        String s = id.strip();
        return s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1) : s;
    }
}
