package dev.mailroom.agent;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the agent class an {@link Agent} implements: the {@code Class} part of every {@code Class/instance} key it
 * receives, the name in the agents REST API, and the key of the class's settings
 * ({@code mailroom.agents."<Class>".send-policy}). Read once, when agent-host registers the agent at start; one name
 * per host (a second agent claiming it stops the start). The router maps address names to class names
 * ({@code mailroom.router.agents.<name>=<Class>}). Choose a stable name: stored instances, state and schedules are
 * keyed by it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface AgentClass {

    /** The class name, e.g. {@code Echo}. */
    String value();
}
