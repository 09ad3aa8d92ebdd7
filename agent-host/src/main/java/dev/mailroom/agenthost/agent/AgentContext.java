package dev.mailroom.agenthost.agent;

import dev.mailroom.contract.AgentRef;

/** What an agent instance can see and do while it handles one message. Valid only during that call. */
public interface AgentContext {

    /** This instance's class and name. */
    AgentRef self();

    /** This instance's durable state; changes are saved when the call completes successfully. */
    AgentState state();

    /**
     * Answers {@code email}: from the address it was sent to, to its {@linkplain InboundEmail#replyRecipients()
     * reply recipients}, subject {@code Re: <subject>}, threaded with In-Reply-To and References. The message leaves
     * through the transactional outbox once the call commits.
     *
     * @return the send id of the reply
     * @throws IllegalStateException when the message has no one to reply to (a bounce)
     */
    String reply(InboundEmail email, String text);
}
