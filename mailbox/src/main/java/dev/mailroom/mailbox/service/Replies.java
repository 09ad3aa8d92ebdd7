package dev.mailroom.mailbox.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.Topics;
import dev.mailroom.mail.address.AddressParser;
import dev.mailroom.mail.mime.MimeBuilder;
import dev.mailroom.mailbox.blob.Blobs;
import dev.mailroom.mailbox.messaging.OutboundSends;
import dev.mailroom.mailbox.repository.ReplySql;
import dev.mailroom.mailbox.repository.ReplySql.Original;
import dev.mailroom.mailbox.service.ReplyMessages.Ask;
import dev.mailroom.mailbox.service.ReplyMessages.Kind;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Reply, reply-all and forward from a mailbox (issue 17). In order: the message must exist and the key read it (its
 * domain, {@code read}), else {@code 404}; the key must hold {@code send} for the mailbox's address, else {@code 403}
 * naming {@code from}; the message is built ({@link ReplyMessages}; a forward's attachments read from the
 * blob store, from the store each blob's row names: {@link Blobs}) and checked as egress will build it ({@code 422} per field). Then:
 * <ul>
 * <li>a mailbox of an agent class: sent by agent-host as the instance, through the class's send policy (queued or
 * held as a draft), with the caller's own key; its answer is the answer;</li>
 * <li>any other mailbox: an {@link OutboundRequest} with a new send id and its Message-ID ({@code <send id>@<from
 * domain>}, as the api mints) on {@code mailroom.outbound.requested}, answered {@code 202} only after Kafka's
 * acknowledgement, {@code 503 kafka-unavailable} otherwise (ADR 0032).</li>
 * </ul>
 * With an Idempotency-Key a retry sends nothing more: a plain mailbox's send id is derived from (key,
 * Idempotency-Key, message, operation), which egress-sender spools once; for an agent mailbox the key (scoped to the
 * message and operation) goes on to agent-host, which answers a repeated key with what it did the first time. The
 * body is not compared: a retry with another body under the same key is the first request again.
 */
@ApplicationScoped
public class Replies {

    /** What the caller asked for, as the API reads it (addresses as strings). */
    public record Request(String text, String html, List<String> to, List<String> cc, List<String> bcc,
            List<File> attachments, Boolean includeAttachments) {
    }

    /** A file of the request: base64 {@code content}. */
    public record File(String filename, String contentType, String content, String contentId) {
    }

    /** The answer: status, content type and body (agent-host's own for an agent mailbox). */
    public record Answer(int status, String contentType, byte[] body) {
    }

    private static final MimeBuilder CHECKS = new MimeBuilder(java.time.Clock.systemUTC());

    /** Room left in a record for everything but the attachments' base64. */
    private static final int RECORD_HEADROOM = 1 << 20;

    private final ReplySql sql;
    private final Blobs blobs;
    private final OutboundSends sends;
    private final AgentHost agentHost;

    public Replies(ReplySql sql, Blobs blobs, OutboundSends sends, AgentHost agentHost) {
        this.sql = sql;
        this.blobs = blobs;
        this.sends = sends;
        this.agentHost = agentHost;
    }

    /**
     * Answers message {@code messageId} for {@code caller} (whose bearer token is {@code token}).
     *
     * @param idempotencyKey the client's Idempotency-Key, or null
     */
    public Uni<Answer> answer(Kind kind, String messageId, Request body, Caller caller, String token,
            String idempotencyKey) {
        return sql.original(messageId).chain(original -> {
            if (original == null || !caller.may(Permission.READ) || !caller.covers(original.domain())
                    || !caller.covers(original.mailbox().domain())) {
                throw ApiException.notFound("message " + messageId);
            }
            String from = original.mailbox().address();
            if (!caller.may(Permission.SEND) || !caller.maySendAs(from)) {
                String detail = "this API key may not send from " + from
                        + (caller.may(Permission.SEND) ? "" : " (it lacks the permission send)");
                throw new ApiException(Problem.of(403, "forbidden", "Forbidden", "from: " + detail,
                        List.of(new Problem.FieldError("from", detail))));
            }
            List<Problem.FieldError> errors = new ArrayList<>();
            Ask ask = ask(kind, body, errors);
            if (!errors.isEmpty()) {
                throw ApiException.invalid(errors);
            }
            boolean include = kind == Kind.FORWARD && (body.includeAttachments() == null || body.includeAttachments());
            Uni<List<OutboundRequest.Attachment>> forwarded = include ? forwarded(original)
                    : Uni.createFrom().item(List.of());
            return forwarded.chain(files -> {
                String id = idempotencyKey == null ? Ids.newId()
                        : Ids.derived("mailbox-send", caller.keyId(), idempotencyKey, messageId, kind.wire);
                OutboundRequest request = ReplyMessages.build(kind, original, ask, files, id, Instant.now());
                check(request, ask, files);
                return original.mailbox().ofAgent() ? viaAgentHost(original, request, token, idempotencyKey == null
                        ? null : "mailbox:" + messageId + ":" + kind.wire + ":" + idempotencyKey)
                        : publish(request.withMessageId(id + "@" + request.from().domain()));
            });
        });
    }

    private Uni<Answer> publish(OutboundRequest request) {
        return sends.publish(request).onFailure().transform(f -> {
            Log.warnf("reply not accepted sendId=%s error=%s", request.id(), f.toString());
            return new ApiException(Problem.of(503, "kafka-unavailable", "Service unavailable",
                    "the message could not be made durable in time; it was not accepted, retry later"), 5);
        }).map(ignored -> {
            Log.infof("reply accepted sendId=%s causationId=%s", request.id(), request.causationId());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", request.id());
            out.put("status", "queued");
            out.put("message_id", request.messageId());
            return json(202, out);
        });
    }

    /** The message sent by agent-host as the mailbox's instance; agent-host's answer as it came. */
    private Uni<Answer> viaAgentHost(Original original, OutboundRequest r, String token, String idempotencyKey) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", r.from().address());
        out.put("to", r.to().stream().map(Replies::mailbox).toList());
        out.put("cc", r.cc().stream().map(Replies::mailbox).toList());
        out.put("bcc", r.bcc().stream().map(Replies::mailbox).toList());
        out.put("subject", r.subject());
        out.put("text", r.text());
        out.put("html", r.html());
        out.put("in_reply_to", r.inReplyTo());
        out.put("references", r.references());
        List<Map<String, Object>> files = new ArrayList<>();
        for (OutboundRequest.Attachment a : r.attachments()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("filename", a.filename());
            f.put("content_type", a.contentType());
            f.put("content", a.contentBase64());
            f.put("content_id", a.contentId());
            files.add(f);
        }
        out.put("attachments", files);
        byte[] json;
        try {
            json = Json.mapper().writeValueAsBytes(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String className = original.mailbox().agentClass();
        String instance = original.mailbox().agentInstance();
        return agentHost.send(token, className, instance, json, idempotencyKey).map(a -> {
            Log.infof("reply handed to agent-host agent=%s/%s status=%d", className, instance, a.status());
            return new Answer(a.status(), a.contentType(), a.body());
        }).onFailure(AgentHost.Unavailable.class).transform(f -> {
            Log.warnf("agent-host unavailable for a reply agent=%s/%s error=%s", className, instance, f.getMessage());
            return new ApiException(Problem.of(503, "upstream-unavailable", "Service unavailable",
                    "agent-host, which sends for this agent mailbox, does not answer; nothing was sent, retry later"),
                    5);
        });
    }

    /** A mailbox as the APIs write it: {@code addr} or {@code "Name" <addr>}. */
    static String mailbox(EmailAddress a) {
        if (a.name() == null || a.name().isBlank()) {
            return a.address();
        }
        return "\"" + a.name().replace("\\", "\\\\").replace("\"", "\\\"") + "\" <" + a.address() + ">";
    }

    /** The original's attachments, bytes from the blob store; 422 when one was never stored. */
    private Uni<List<OutboundRequest.Attachment>> forwarded(Original original) {
        return sql.attachments(original.id()).chain(list -> {
            if (list.isEmpty()) {
                return Uni.createFrom().item(List.<OutboundRequest.Attachment>of());
            }
            List<Uni<OutboundRequest.Attachment>> reads = new ArrayList<>();
            for (ReplySql.Attachment a : list) {
                if (a.sha256() == null) {
                    throw missing(a);
                }
                reads.add(blobs.read(a.sha256()).map(bytes -> {
                    if (bytes == null) {
                        throw missing(a);
                    }
                    return new OutboundRequest.Attachment(a.filename(), a.contentType(),
                            Base64.getEncoder().encodeToString(bytes), a.inline() ? a.contentId() : null);
                }));
            }
            return Uni.join().all(reads).andFailFast();
        });
    }

    private static ApiException missing(ReplySql.Attachment a) {
        return ApiException.invalid(List.of(new Problem.FieldError("include_attachments", "the content of attachment "
                + (a.filename() == null ? "#" + a.ordinal() : a.filename())
                + " is not stored; forward without attachments (include_attachments: false)")));
    }

    /** What egress would refuse, and a message larger than a record, as 422 per field. */
    private static void check(OutboundRequest request, Ask ask, List<OutboundRequest.Attachment> files) {
        List<Problem.FieldError> errors = new ArrayList<>();
        int own = ask.attachments().size();
        CHECKS.problems(request).forEach(v -> {
            String field = v.field().replaceFirst("^(from|(?:to|cc|bcc)\\[\\d+\\])\\.(?:address|name)$", "$1");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^attachments\\[(\\d+)\\]").matcher(field);
            if (m.find() && Integer.parseInt(m.group(1)) >= own) {
                field = "include_attachments"; // a file of the original: the caller can only leave them out
            }
            errors.add(new Problem.FieldError(field, v.detail()));
        });
        long size = 0;
        for (OutboundRequest.Attachment a : request.attachments()) {
            size += a.contentBase64().length();
        }
        if (size + RECORD_HEADROOM > Topics.MAX_RECORD_BYTES) {
            errors.add(new Problem.FieldError(files.isEmpty() ? "attachments" : "include_attachments",
                    "the attachments are too large to send (" + size + " bytes of base64)"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }

    /** The caller's part, addresses parsed; problems per field. */
    private static Ask ask(Kind kind, Request body, List<Problem.FieldError> errors) {
        Request b = body == null ? new Request(null, null, null, null, null, null, null) : body;
        java.util.function.BiConsumer<String, String> problem = (f, d) -> errors.add(new Problem.FieldError(f, d));
        List<EmailAddress> to = AddressParser.mailboxes(b.to(), "to", problem);
        if (kind == Kind.FORWARD && to.isEmpty() && errors.isEmpty()) {
            errors.add(new Problem.FieldError("to", "is required to forward"));
        }
        if (kind != Kind.FORWARD && b.includeAttachments() != null) {
            errors.add(new Problem.FieldError("include_attachments", "applies to forward only"));
        }
        List<OutboundRequest.Attachment> files = new ArrayList<>();
        List<File> given = b.attachments() == null ? List.of() : b.attachments();
        for (int i = 0; i < given.size(); i++) {
            File f = given.get(i);
            if (f == null || f.content() == null) {
                errors.add(new Problem.FieldError("attachments[" + i + "].content", "is required (base64)"));
            } else {
                files.add(new OutboundRequest.Attachment(f.filename(), f.contentType(), f.content(), f.contentId()));
            }
        }
        return new Ask(b.text(), b.html(), to, AddressParser.mailboxes(b.cc(), "cc", problem),
                AddressParser.mailboxes(b.bcc(), "bcc", problem), files);
    }

    private static Answer json(int status, Object body) {
        try {
            return new Answer(status, "application/json", Json.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
