package dev.mailroom.egress.delivery;

import java.util.List;
import java.util.Map;

import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.OutboundRequest;
import io.vertx.core.MultiMap;
import io.vertx.ext.mail.MailMessage;

/**
 * Turns a send request into the message vertx-mail-client encodes as MIME, with the Message-ID {@link MessageIds}
 * chose for it.
 */
public final class MimeMessages {

    private MimeMessages() {
    }

    public static MailMessage build(OutboundRequest request, String messageId) {
        MailMessage mail = new MailMessage()
                .setFrom(request.from().toString())
                .setTo(addresses(request.to()))
                .setCc(addresses(request.cc()))
                .setBcc(addresses(request.bcc()))
                .setSubject(request.subject())
                .setText(lf(request.text()))
                .setHtml(lf(request.html()));
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            headers.add(h.getKey(), h.getValue());
        }
        headers.set("Message-ID", messageId);
        if (request.inReplyTo() != null) {
            headers.set("In-Reply-To", "<" + request.inReplyTo() + ">");
        }
        if (!request.references().isEmpty()) {
            headers.set("References", String.join(" ", request.references().stream().map(r -> "<" + r + ">").toList()));
        }
        if (!request.replyTo().isEmpty()) {
            headers.set("Reply-To", String.join(", ", addresses(request.replyTo())));
        }
        if (request.agent() != null) {
            // An agent's mail is automatic: RFC 3834 tells well-behaved auto-responders not to answer it.
            headers.set("Auto-Submitted", "auto-replied");
        }
        return mail.setHeaders(headers);
    }

    /**
     * Line ends as LF: the encoder writes CRLF on the wire itself, and treats a CR in the text as a control character
     * that forces quoted-printable on otherwise plain ASCII.
     */
    static String lf(String text) {
        return text == null ? null : text.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static List<String> addresses(List<EmailAddress> list) {
        return list.isEmpty() ? null : list.stream().map(EmailAddress::toString).toList();
    }
}
