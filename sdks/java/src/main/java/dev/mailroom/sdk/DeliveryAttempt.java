package dev.mailroom.sdk;

import java.time.Instant;

/** One delivery attempt of a sent message: recipient, time, remote host, outcome and the server's reply. */
public record DeliveryAttempt(String recipient, Instant at, String host, String outcome, String reply) {

    static DeliveryAttempt from(JsonObject j) {
        return new DeliveryAttempt(j.string("recipient"), j.instant("at"), j.string("host"), j.string("outcome"),
                j.string("reply"));
    }
}
