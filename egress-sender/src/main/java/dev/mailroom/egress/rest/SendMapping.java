package dev.mailroom.egress.rest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.egress.delivery.MessageIds;
import dev.mailroom.egress.service.Spooler;
import dev.mailroom.mail.address.AddressParser;
import dev.mailroom.mail.mime.Violation;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.problem.Problem;

/**
 * Turns a {@link SendJson} into an {@link OutboundRequest}, collecting every problem with its field: address
 * syntax, the caller's domain scope, and everything the MIME builder would refuse (header injection included).
 */
public final class SendMapping {

    private static final java.util.regex.Pattern MAILBOX_PART = java.util.regex.Pattern.compile(
            "(?<=^from|^(?:to|cc|bcc|reply_to)\\[\\d{1,9}\\])\\.(?:address|name)$");

    private SendMapping() {
    }

    /** The request, or the problems, each field prefixed with {@code prefix} (e.g. {@code [2].} in a batch). */
    public static OutboundRequest map(SendJson json, Caller caller, Spooler spooler, String prefix,
            List<Problem.FieldError> errors) {
        return map(json, caller, spooler, null, prefix, errors);
    }

    /**
     * As {@link #map(SendJson, Caller, Spooler, String, List)}, and {@code domainGate} may refuse the sender's
     * domain: it answers why (the {@code from} problem), or null when the domain may send.
     */
    static OutboundRequest map(SendJson json, Caller caller, Spooler spooler,
            java.util.function.Function<String, String> domainGate, String prefix, List<Problem.FieldError> errors) {
        int before = errors.size();
        Consumer<Problem.FieldError> add = e -> errors.add(new Problem.FieldError(prefix + e.field(), e.detail()));
        if (json == null) {
            add.accept(new Problem.FieldError("", "a message object is required"));
            return null;
        }
        EmailAddress from = json.from() == null ? null : address(json.from(), "from", add);
        if (json.from() == null || json.from().isBlank()) {
            add.accept(new Problem.FieldError("from", "is required"));
        } else if (from != null && !caller.covers(from.domain())) {
            add.accept(new Problem.FieldError("from", "this API key may not send from " + from.domain()));
        } else if (from != null && domainGate != null) {
            String refusal = domainGate.apply(from.domain());
            if (refusal != null) {
                add.accept(new Problem.FieldError("from", refusal));
            }
        }
        List<EmailAddress> to = addresses(json.to(), "to", add);
        List<EmailAddress> cc = addresses(json.cc(), "cc", add);
        List<EmailAddress> bcc = addresses(json.bcc(), "bcc", add);
        List<EmailAddress> replyTo = addresses(json.replyTo(), "reply_to", add);
        List<OutboundRequest.Attachment> attachments = new ArrayList<>();
        if (json.attachments() != null) {
            for (int i = 0; i < json.attachments().size(); i++) {
                SendJson.AttachmentJson a = json.attachments().get(i);
                if (a == null || a.content() == null) {
                    add.accept(new Problem.FieldError("attachments[" + i + "].content", "is required (base64)"));
                    continue;
                }
                attachments.add(new OutboundRequest.Attachment(a.filename(), a.contentType(), a.content(),
                        a.contentId()));
            }
        }
        if (errors.size() > before) {
            return null;
        }
        String id = Ids.newId();
        OutboundRequest request = new OutboundRequest(OutboundRequest.VERSION, id, from, to, cc, bcc,
                replyTo, json.subject(), json.text(), json.html(), stripBrackets(json.inReplyTo()),
                json.references() == null ? null : json.references().stream().map(SendMapping::stripBrackets).toList(),
                json.headers(), null, null, Instant.now(), attachments, json.tags(), null,
                MessageIds.plain(id, from.domain())); // minted on accepting: the one the 202 names and the wire carries
        for (Violation v : spooler.problems(request)) {
            // the REST API writes a mailbox as one string: "to[0].address" is the field "to[0]"
            add.accept(new Problem.FieldError(MAILBOX_PART.matcher(v.field()).replaceFirst(""), v.detail()));
        }
        return errors.size() > before ? null : request;
    }

    private static List<EmailAddress> addresses(List<String> values, String field, Consumer<Problem.FieldError> add) {
        List<EmailAddress> out = new ArrayList<>();
        if (values == null) {
            return out;
        }
        for (int i = 0; i < values.size(); i++) {
            EmailAddress a = address(values.get(i), field + "[" + i + "]", add);
            if (a != null) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * {@code addr} or {@code Display Name <addr>} ({@link AddressParser#mailbox}); the MIME builder checks the
     * addr-spec itself.
     */
    static EmailAddress address(String value, String field, Consumer<Problem.FieldError> add) {
        try {
            return AddressParser.mailbox(value);
        } catch (AddressParser.AddressParseException e) {
            add.accept(new Problem.FieldError(field, e.getMessage()));
            return null;
        }
    }

    private static String stripBrackets(String id) {
        if (id == null) {
            return null;
        }
        String s = id.strip();
        return s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1) : s;
    }
}
