package dev.mailroom.agenthost.service;

import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Semaphore;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agent.AttachmentTexts;
import dev.mailroom.agenthost.config.AgentHostConfig;
import dev.mailroom.contract.ParsedMessage;
import dev.mailroom.extract.Extraction;
import dev.mailroom.extract.Limits;
import dev.mailroom.extract.TextExtractor;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * {@code attachment.text()} for agents (ADR 0036): the attachment's content as the routed record carries it, read by
 * the {@code extract} module within its default {@link Limits} (25 MiB, 1,000,000 characters, 500 PDF pages, 10 s,
 * zip-bomb checks), on the worker pool (never an event loop), at most {@value #CONCURRENT} at once per process, only
 * when an agent asks. A class with {@code mailroom.agents."<Class>".attachment-text=false} gets no text. Anything
 * but a finished extraction (unsupported, failed, no content carried) is an empty text; the reason goes to the log.
 */
@ApplicationScoped
public class AttachmentTextExtraction {

    /** Extractions at once in this process (the machine has 2 cores; agents' own work comes first). */
    static final int CONCURRENT = 2;

    private final AgentHostConfig config;
    private final Semaphore permits = new Semaphore(CONCURRENT);

    public AttachmentTextExtraction(AgentHostConfig config) {
        this.config = config;
    }

    /** The texts an agent of {@code className} gets: none when switched off for the class. */
    public AttachmentTexts forClass(String className) {
        AgentHostConfig.AgentClassConfig c = config.agents().get(className);
        return c != null && !c.attachmentText() ? AttachmentTexts.NONE : this::text;
    }

    private Uni<Optional<String>> text(ParsedMessage.Attachment attachment) {
        if (attachment.contentBase64() == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        return Uni.createFrom().item(() -> extract(attachment)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** On a worker thread: blocks for a permit and for the extraction (bounded by its timeout). */
    private Optional<String> extract(ParsedMessage.Attachment attachment) {
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(attachment.contentBase64());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            Extraction result = TextExtractor.extract(bytes, attachment.contentType(), attachment.filename(),
                    Limits.DEFAULTS);
            if (result.status() != Extraction.Status.DONE) {
                Log.infof("attachment text unavailable sha256=%s status=%s detail=%s", attachment.sha256(),
                        result.status().wire(), result.detail());
                return Optional.empty();
            }
            return Optional.of(result.text());
        } finally {
            permits.release();
        }
    }
}
