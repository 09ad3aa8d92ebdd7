package dev.mailroom.agenthost.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.mailroom.agenthost.agent.InboundEmail;
import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.OutboundRequest;

/** Builds the send request of a reply. Pure: no I/O, so it is tested on its own. */
final class Replies {

    private Replies() {
    }

    /**
     * @param sendId stable id of the reply (derived from the inbound id, so a re-run builds the same request)
     * @param now    the request time, stored with the request (the issue time of its reply token)
     */
    static OutboundRequest reply(String sendId, AgentRef agent, InboundEmail email, String text, Instant now) {
        List<EmailAddress> to = email.replyRecipients();
        if (to.isEmpty()) {
            throw new IllegalStateException("message " + email.id() + " has no one to reply to");
        }
        String parent = email.messageId();
        List<String> references = new ArrayList<>(email.message().references());
        if (references.isEmpty() && !email.message().inReplyTo().isEmpty()) {
            references.add(email.message().inReplyTo().get(0));
        }
        if (parent != null && !references.contains(parent)) {
            references.add(parent);
        }
        return new OutboundRequest(OutboundRequest.VERSION, sendId, EmailAddress.of(email.recipient()), to, null,
                null, null, subject(email.subject()), text, null, parent, references, Map.of(), agent, email.id(), now);
    }

    /** {@code Re: <subject>}, without stacking prefixes on a subject that already has one. */
    static String subject(String subject) {
        String s = subject == null ? "" : subject.strip();
        return s.toLowerCase(Locale.ROOT).startsWith("re:") ? s : "Re: " + s;
    }
}
