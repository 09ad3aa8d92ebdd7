package dev.mailroom.agent;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the agent class an {@link Agent} implements: the {@code Class} part of every {@code Class/instance} key it
 * receives, the name in the agents REST API, and the key of the class's settings
 * ({@code mailroom.agents."<Class>".send-policy}). Read once, when agent-host registers the agent at start; one name
 * per host (a second agent claiming it stops the start). agent-host publishes the class to the agent registry
 * (topic {@code mailroom.agents}) under its address names ({@code mailroom.agents."<Class>".addresses}, by default the
 * name in lower case), from which the router and ingress accept and route {@code name[+instance]@domain}. Choose a
 * stable name: stored instances, state and schedules are keyed by it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface AgentClass {

    /** The class name, e.g. {@code Echo}. */
    String value();
}
