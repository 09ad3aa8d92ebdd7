package dev.mailroom.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Sending mail: send, batch, status, reply, reply-all, forward. */
public final class Emails extends Resource {

    Emails(Transport t) {
        super(t);
    }

    /**
     * Sends a message ({@code POST /v1/send}); an {@code Idempotency-Key} is generated when the params have none, so
     * the SDK's retries never send twice.
     */
    public SendAccepted send(SendParams params) {
        SendAccepted sent = SendAccepted.from(json(call("POST", "/v1/send").body(params.toJson())
                .idempotencyKey(keyOr(params.idempotencyKey))));
        return sent(sent, sent.id());
    }

    /** {@link #send} on the SDK's daemon threads. */
    public CompletableFuture<SendAccepted> sendAsync(SendParams params) {
        return sendAsync(params, Transport.ASYNC);
    }

    /** {@link #send} on {@code executor}. */
    public CompletableFuture<SendAccepted> sendAsync(SendParams params, Executor executor) {
        return CompletableFuture.supplyAsync(() -> send(params), executor);
    }

    /** Sends up to 100 messages, all or none ({@code POST /v1/send/batch}). */
    public BatchAccepted sendBatch(List<SendParams> messages) {
        return sendBatch(messages, null);
    }

    public BatchAccepted sendBatch(List<SendParams> messages, String idempotencyKey) {
        List<Object> body = new ArrayList<>();
        messages.forEach(m -> body.add(m.toJson()));
        BatchAccepted sent = BatchAccepted.from(json(call("POST", "/v1/send/batch").body(body)
                .idempotencyKey(keyOr(idempotencyKey))));
        return sent(sent, sent.ids());
    }

    /**
     * A sent (or received) message with its delivery status and attempts; an id this client just sent is waited for
     * (its 404 retried up to 5 s: {@link Mailroom.Builder#readYourSends}).
     */
    public Message get(String id) {
        return readYourSend(id, () -> Message.from(json(call("GET", "/v1/messages/{id}", id))));
    }

    public ReplyAccepted reply(String id, ReplyParams params) {
        return answer("/v1/messages/{id}/reply", id, params);
    }

    public ReplyAccepted replyAll(String id, ReplyParams params) {
        return answer("/v1/messages/{id}/reply-all", id, params);
    }

    public ReplyAccepted forward(String id, ReplyParams params) {
        return answer("/v1/messages/{id}/forward", id, params);
    }

    private ReplyAccepted answer(String template, String id, ReplyParams params) {
        ReplyAccepted sent = ReplyAccepted.from(json(call("POST", template, id).body(params.toJson())
                .idempotencyKey(keyOr(params.idempotencyKey))));
        return sent(sent, sent.id());
    }
}
