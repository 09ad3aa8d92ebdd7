package dev.mailroom.agent;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Registers an {@link Agent} bean under its class name, the {@code Class} part of every {@code Class/instance} key
 * it receives. The router maps address names to class names ({@code mailroom.router.agents.<name>=<Class>}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface AgentClass {

    /** The class name, e.g. {@code Echo}. */
    String value();
}
