package dev.mailroom.agenthost.service;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.contract.OutboundRequest;
import io.smallrye.mutiny.Uni;

/** Decides whether an agent's message may leave now or must wait for a person's approval. */
@ApplicationScoped
public class SendPolicy {

    /** Null when {@code request} may be sent, else why it must be approved first. */
    public Uni<String> refusal(String className, String agentKey, OutboundRequest request) {
        return Uni.createFrom().nullItem();
    }
}
