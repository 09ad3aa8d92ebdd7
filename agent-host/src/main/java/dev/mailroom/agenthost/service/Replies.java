package dev.mailroom.agenthost.service;

import java.time.Instant;
import java.util.Map;

import dev.mailroom.agent.Outgoing;
import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.OutboundRequest;

/** Builds the send request of an agent's message. Pure: no I/O, so it is tested on its own. */
final class Replies {

    private Replies() {
    }

    /**
     * @param sendId      stable id of the message (derived from its cause, so a re-run builds the same request)
     * @param defaultFrom the instance's address, used when the message names no sender
     * @param now         the request time, stored with the request (the issue time of its reply token)
     */
    static OutboundRequest request(String sendId, AgentRef agent, Outgoing message, EmailAddress defaultFrom,
            String causationId, Instant now) {
        EmailAddress from = message.from() != null ? message.from() : defaultFrom;
        if (from == null) {
            throw new IllegalStateException("message " + sendId + " has no sender: the instance has no address yet");
        }
        if (message.to().isEmpty() && message.cc().isEmpty()) {
            throw new IllegalStateException("message " + sendId + " has no recipient");
        }
        return new OutboundRequest(OutboundRequest.VERSION, sendId, from, message.to(), message.cc(), null, null,
                message.subject(), message.text(), message.html(), message.inReplyTo(), message.references(), Map.of(),
                agent, causationId, now);
    }

    /** {@code Re: <subject>}, without stacking prefixes on a subject that already has one. */
    static String subject(String subject) {
        return Outgoing.replySubject(subject);
    }
}
