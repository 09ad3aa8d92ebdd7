package dev.mailroom.agenthost.repository;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agenthost.model.ProcessedMessage;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class ProcessedMessageRepository implements PanacheRepositoryBase<ProcessedMessage, String> {
}
