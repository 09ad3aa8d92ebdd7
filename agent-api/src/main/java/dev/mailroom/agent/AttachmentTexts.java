package dev.mailroom.agent;

import java.util.Optional;

import dev.mailroom.contract.ParsedMessage;
import io.smallrye.mutiny.Uni;

/**
 * Where {@link Attachment#text()} gets its text: implemented by the host (agent-host extracts it with the
 * {@code extract} module, bounded, on its worker threads, ADR 0036), which passes one to {@link InboundEmail}. An
 * agent never implements it, except to build an {@link InboundEmail} in its own unit tests.
 */
@FunctionalInterface
public interface AttachmentTexts {

    /** No text for any attachment: what an {@link InboundEmail} built without one gives. */
    AttachmentTexts NONE = attachment -> Uni.createFrom().item(Optional.empty());

    /**
     * The text of {@code attachment}, empty when there is none to give (no content carried, a type without text,
     * a failed or refused extraction, extraction switched off for the class). The {@link Uni} never fails and may
     * complete on any thread.
     */
    Uni<Optional<String>> text(ParsedMessage.Attachment attachment);
}
