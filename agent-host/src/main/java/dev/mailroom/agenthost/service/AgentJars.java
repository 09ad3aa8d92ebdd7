package dev.mailroom.agenthost.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.mailroom.agent.Agent;
import dev.mailroom.agent.AgentClass;
import dev.mailroom.agenthost.config.AgentHostConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * Java agents from jars of their own (ADR 0022): every {@code *.jar} of the folders (or the jar files) named by
 * {@code mailroom.agent.path} is opened in one class loader, child of the one that loaded the agent API, and each
 * {@link Agent} its {@code META-INF/services/dev.mailroom.agent.Agent} lists is created once with its public no-arg
 * constructor and registered under its {@link AgentClass} name. Loaded once, at start: a missing path entry, a listed
 * class that cannot be created, one without {@code @AgentClass} or two claiming one class name stop the host with a
 * message naming the jar; adding or replacing a jar takes a restart.
 */
@ApplicationScoped
public class AgentJars {

    private final Loaded loaded;

    public AgentJars(AgentHostConfig config) {
        this.loaded = load(config.agent().path().orElse(List.of()));
    }

    /** The loaded agents by class name, in load order. */
    public Map<String, Agent> agents() {
        return loaded.agents();
    }

    /** The jar an agent class was loaded from (for messages), or null when it is not one of these. */
    public String origin(String className) {
        Agent agent = loaded.agents().get(className);
        return agent == null ? null : jarOf(agent.getClass());
    }

    /**
     * Loading happens at start, not at the first message: the registry (which takes these agents, the beans and the
     * webhooks) is created now, so that a broken jar or a clash of class names is a startup error.
     */
    void onStart(@Observes StartupEvent event, AgentRegistry registry) {
        Log.infof("agent classes=%s", registry.classes());
    }

    @PreDestroy
    void close() {
        loaded.close();
    }

    /** What {@link #load} found, and the class loader to close at shutdown (null when the path is empty). */
    public record Loaded(Map<String, Agent> agents, URLClassLoader loader) implements AutoCloseable {

        @Override
        public void close() {
            if (loader != null) {
                try {
                    loader.close();
                } catch (IOException e) {
                    Log.warnf("agent jars not closed: %s", e.toString());
                }
            }
        }
    }

    /**
     * Opens the jars of {@code path} (folders, whose {@code *.jar} are taken in name order, or jar files) and creates
     * the agents they list.
     *
     * @throws IllegalStateException naming the jar and the reason, when anything is wrong
     */
    public static Loaded load(List<Path> path) {
        List<Path> jars = new ArrayList<>();
        for (Path entry : path) {
            jars.addAll(jarsOf(entry));
        }
        if (jars.isEmpty()) {
            if (!path.isEmpty()) {
                Log.infof("agent path has no jars path=%s", path);
            }
            return new Loaded(Map.of(), null);
        }
        URLClassLoader loader = new URLClassLoader("mailroom-agent-jars", urls(jars), Agent.class.getClassLoader());
        try {
            Map<String, Agent> agents = new LinkedHashMap<>();
            for (ServiceLoader.Provider<Agent> provider : providers(loader)) {
                Class<? extends Agent> type = provider.type();
                if (type.getClassLoader() != loader) {
                    continue; // listed by the host itself, not by an agent jar
                }
                AgentClass annotation = type.getAnnotation(AgentClass.class);
                if (annotation == null) {
                    throw new IllegalStateException("agent " + type.getName() + " in " + jarOf(type)
                            + " lacks @AgentClass");
                }
                Agent agent = create(provider);
                Agent previous = agents.putIfAbsent(annotation.value(), agent);
                if (previous != null) {
                    throw new IllegalStateException("two agents for class " + annotation.value() + ": "
                            + previous.getClass().getName() + " in " + jarOf(previous.getClass()) + " and "
                            + type.getName() + " in " + jarOf(type));
                }
                Log.infof("agent loaded class=%s type=%s jar=%s", annotation.value(), type.getName(), jarOf(type));
            }
            if (agents.isEmpty()) {
                Log.warnf("agent path lists no agent (no META-INF/services/%s in its jars) jars=%s",
                        Agent.class.getName(), jars);
            }
            return new Loaded(Collections.unmodifiableMap(agents), loader);
        } catch (RuntimeException | Error e) {
            new Loaded(Map.of(), loader).close();
            throw e;
        }
    }

    private static List<Path> jarsOf(Path entry) {
        if (Files.isRegularFile(entry)) {
            return List.of(entry);
        }
        if (!Files.isDirectory(entry)) {
            throw new IllegalStateException("agent path entry " + entry.toAbsolutePath()
                    + " does not exist (mailroom.agent.path / MAILROOM_AGENT_PATH)");
        }
        try (Stream<Path> files = Files.list(entry)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f)).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("agent path entry " + entry + " cannot be read", e);
        }
    }

    private static URL[] urls(List<Path> jars) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException("agent jar " + jars.get(i) + " has no URL", e);
            }
        }
        return urls;
    }

    private static List<ServiceLoader.Provider<Agent>> providers(URLClassLoader loader) {
        try {
            return ServiceLoader.load(Agent.class, loader).stream().toList();
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("agent jars list an agent that cannot be loaded: " + e.getMessage(), e);
        }
    }

    private static Agent create(ServiceLoader.Provider<Agent> provider) {
        try {
            return provider.get();
        } catch (ServiceConfigurationError e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("agent " + provider.type().getName() + " in " + jarOf(provider.type())
                    + " cannot be created (a public no-arg constructor is required): " + cause, e);
        }
    }

    private static String jarOf(Class<?> type) {
        var source = type.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? "?" : source.getLocation().getPath();
    }
}
