package dev.mailroom.api.rest;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.mail.address.AddressParser;
import dev.mailroom.mail.mime.MimeBuilder;
import dev.mailroom.mail.mime.RawMessage;
import dev.mailroom.mail.mime.Violation;
import dev.mailroom.platform.problem.Problem;

/**
 * Turns a {@link SendJson} into an {@link OutboundRequest}, collecting every problem with its field: address
 * syntax and everything the MIME builder of the {@code mail} module would refuse (header injection included), so a
 * request accepted here is one egress-sender can build. Who may send from which domain is not checked here but by
 * {@link dev.mailroom.api.service.Sends} (403), which also mints the send id and the Message-ID.
 */
public final class SendMapping {

    private static final java.util.regex.Pattern MAILBOX_PART = java.util.regex.Pattern.compile(
            "(?<=^from|^(?:to|cc|bcc|reply_to)\\[\\d{1,9}\\])\\.(?:address|name)$");

    /** Checks only: the Message-ID is minted later, the build date is not part of any problem. */
    private static final MimeBuilder MIME = new MimeBuilder(Clock.systemUTC());

    private SendMapping() {
    }

    /**
     * The request (with a provisional id that {@link dev.mailroom.api.service.Sends} replaces), or null and the
     * problems, each field prefixed with {@code prefix} (e.g. {@code [2].} in a batch).
     */
    public static OutboundRequest map(SendJson json, String prefix, List<Problem.FieldError> errors) {
        int before = errors.size();
        Consumer<Problem.FieldError> add = e -> errors.add(new Problem.FieldError(prefix + e.field(), e.detail()));
        if (json == null) {
            add.accept(new Problem.FieldError("", "a message object is required"));
            return null;
        }
        EmailAddress from = json.from() == null ? null : address(json.from(), "from", add);
        if (json.from() == null || json.from().isBlank()) {
            add.accept(new Problem.FieldError("from", "is required"));
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
                json.headers(), null, null, Instant.now(), attachments, json.tags(), null, id + "@" + from.domain());
        for (Violation v : problems(request)) {
            // the REST API writes a mailbox as one string: "to[0].address" is the field "to[0]"
            add.accept(new Problem.FieldError(MAILBOX_PART.matcher(v.field()).replaceFirst(""), v.detail()));
        }
        return errors.size() > before ? null : request;
    }

    /** What keeps {@code request} from being built, each naming its JSON field ({@code mail}'s checks). */
    public static List<Violation> problems(OutboundRequest request) {
        return request.hasRawMessage() ? RawMessage.problems(request) : MIME.problems(request);
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
