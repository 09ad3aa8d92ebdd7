/**
 * The Java agent SPI: what an agent implements ({@link dev.mailroom.agent.Agent}, named by
 * {@link dev.mailroom.agent.AgentClass}) and what it may use while agent-host calls it
 * ({@link dev.mailroom.agent.AgentContext}, {@link dev.mailroom.agent.AgentState},
 * {@link dev.mailroom.agent.InboundEmail}, {@link dev.mailroom.agent.Outgoing}, {@link dev.mailroom.agent.History}).
 *
 * <p>Agents written in their own modules depend on this artifact only ({@code dev.mailroom:mailroom-agent-api},
 * scope {@code provided}), list their class in {@code META-INF/services/dev.mailroom.agent.Agent}, and are dropped as
 * a jar into agent-host's {@code mailroom.agent.path} (ADR 0022). The value types the API shows for addresses,
 * routes, authentication verdicts and the parsed message ({@code AgentRef}, {@code EmailAddress}, {@code Route},
 * {@code Authentication}, {@code ParsedMessage}, {@code RoutedEmail}) are the versioned Kafka contract's
 * ({@code dev.mailroom.contract}), which only grows compatibly.
 *
 * <p>Lifecycle and concurrency in one paragraph: one agent object per class serves all its instances concurrently;
 * calls for one instance never overlap and come in order; each call runs on an event loop inside the instance's
 * transaction and must not block; its effects commit together when its {@code Uni} completes, or not at all; a
 * failed call is retried with the same ids. See {@link dev.mailroom.agent.Agent} and this module's README.
 */
package dev.mailroom.agent;
