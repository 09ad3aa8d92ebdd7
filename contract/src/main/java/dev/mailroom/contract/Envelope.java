package dev.mailroom.contract;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The SMTP envelope of a raw inbound message, carried in Kafka headers beside the raw RFC 5322 bytes (the record
 * value stays the exact bytes received, so it can be re-parsed, re-verified for DKIM and replayed).
 *
 * @param inboundId  id given at the door; also the record key
 * @param mailFrom   reverse path, {@code ""} for the null sender {@code <>}
 * @param rcptTo     every accepted recipient, in order
 * @param clientIp   client address
 * @param helo       EHLO/HELO argument, may be empty
 * @param tls        whether the session was encrypted
 * @param receivedAt when DATA was accepted
 */
public record Envelope(String inboundId, String mailFrom, List<String> rcptTo, String clientIp, String helo,
        boolean tls, Instant receivedAt) {

    public Envelope {
        Objects.requireNonNull(inboundId, "inboundId");
        mailFrom = mailFrom == null ? "" : mailFrom;
        rcptTo = List.copyOf(rcptTo);
        clientIp = clientIp == null ? "" : clientIp;
        helo = helo == null ? "" : helo;
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** Writes this envelope into {@code headers}. */
    public void writeTo(Headers headers) {
        put(headers, KafkaHeaders.INBOUND_ID, inboundId);
        put(headers, KafkaHeaders.MESSAGE_ID, inboundId);
        put(headers, KafkaHeaders.MAIL_FROM, mailFrom);
        for (String rcpt : rcptTo) {
            put(headers, KafkaHeaders.RCPT_TO, rcpt);
        }
        put(headers, KafkaHeaders.CLIENT_IP, clientIp);
        put(headers, KafkaHeaders.HELO, helo);
        put(headers, KafkaHeaders.TLS, Boolean.toString(tls));
        put(headers, KafkaHeaders.RECEIVED_AT, receivedAt.toString());
    }

    /**
     * Reads an envelope from record headers.
     *
     * @throws ContractException when a mandatory header is missing or malformed
     */
    public static Envelope readFrom(Headers headers) {
        String id = last(headers, KafkaHeaders.INBOUND_ID);
        if (id == null || id.isBlank()) {
            throw new ContractException("missing-envelope", "header " + KafkaHeaders.INBOUND_ID + " is missing");
        }
        List<String> rcpts = new ArrayList<>();
        for (Header h : headers.headers(KafkaHeaders.RCPT_TO)) {
            rcpts.add(new String(h.value(), StandardCharsets.UTF_8));
        }
        if (rcpts.isEmpty()) {
            throw new ContractException("missing-envelope", "no " + KafkaHeaders.RCPT_TO + " header");
        }
        String at = last(headers, KafkaHeaders.RECEIVED_AT);
        Instant receivedAt;
        try {
            receivedAt = at == null ? Instant.EPOCH : Instant.parse(at);
        } catch (RuntimeException e) {
            throw new ContractException("missing-envelope", "malformed " + KafkaHeaders.RECEIVED_AT + ": " + at);
        }
        return new Envelope(id, last(headers, KafkaHeaders.MAIL_FROM), rcpts, last(headers, KafkaHeaders.CLIENT_IP),
                last(headers, KafkaHeaders.HELO), Boolean.parseBoolean(last(headers, KafkaHeaders.TLS)), receivedAt);
    }

    private static void put(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String last(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
