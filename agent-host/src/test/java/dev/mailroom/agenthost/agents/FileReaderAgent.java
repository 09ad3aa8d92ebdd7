package dev.mailroom.agenthost.agents;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.agent.Agent;
import dev.mailroom.agent.AgentClass;
import dev.mailroom.agent.AgentContext;
import dev.mailroom.agent.InboundEmail;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Test agent reading its attachments: replies with one line per attachment, {@code <filename>: <text>}, or
 * {@code (no text)} when {@code attachment.text()} is empty.
 */
@AgentClass("Reader")
@ApplicationScoped
public class FileReaderAgent implements Agent {

    @Override
    public Uni<Void> onEmail(InboundEmail email, AgentContext ctx) {
        return Multi.createFrom().iterable(email.files())
                .onItem().transformToUniAndConcatenate(file -> file.text()
                        .map(text -> file.filename() + ": " + text.orElse("(no text)")))
                .collect().asList()
                .invoke(lines -> ctx.reply(email, String.join("\n", lines)))
                .replaceWithVoid();
    }

    @Override
    public Uni<Void> onSchedule(JsonNode payload, AgentContext ctx) {
        return Uni.createFrom().voidItem();
    }
}
