package dev.mailroom.sdk;

/**
 * The user's webhook agent: given an event, the answer ({@code null}: nothing to do, answered {@code {}}). It may
 * be called again with the same {@link AgentEvent#id()} (the host retries); an exception answers 500 so the host
 * retries later.
 */
@FunctionalInterface
public interface AgentFunction {
    AgentAnswer handle(AgentEvent event) throws Exception;
}
