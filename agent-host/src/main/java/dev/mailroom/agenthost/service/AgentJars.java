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
 * Java agents from jars of their own (ADR 0022). Each entry of {@code mailroom.agent.path} is a folder or a jar file;
 * in a folder, each {@code *.jar} is one plugin and each sub-folder is one plugin made of the jars in it (an agent with
 * the libraries it needs). Each plugin gets a class loader of its own, child of the one that loaded the agent API (so
 * plugins share the API, Mutiny and Jackson with the host, and nothing with each other); each {@link Agent} its
 * {@code META-INF/services/dev.mailroom.agent.Agent} lists is created once with its public no-arg constructor and
 * registered under its {@link AgentClass} name. Loaded once, at start: a missing path entry, a listed class that
 * cannot be created, one without {@code @AgentClass} or two claiming one class name (two versions of one jar side by
 * side, say) stop the host with a message naming the jars; adding or replacing a jar takes a restart.
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

    /** What {@link #load} found, and the class loaders to close at shutdown (one per plugin). */
    public record Loaded(Map<String, Agent> agents, List<URLClassLoader> loaders) implements AutoCloseable {

        @Override
        public void close() {
            for (URLClassLoader loader : loaders) {
                try {
                    loader.close();
                } catch (IOException e) {
                    Log.warnf("agent jars not closed loader=%s: %s", loader.getName(), e.toString());
                }
            }
        }
    }

    /**
     * Opens the plugins of {@code path} (see the class comment) and creates the agents they list.
     *
     * @throws IllegalStateException naming the jar and the reason, when anything is wrong
     */
    public static Loaded load(List<Path> path) {
        Map<String, List<Path>> plugins = new LinkedHashMap<>();
        for (Path entry : path) {
            pluginsOf(entry, plugins);
        }
        Map<String, Agent> agents = new LinkedHashMap<>();
        List<URLClassLoader> loaders = new ArrayList<>();
        try {
            for (Map.Entry<String, List<Path>> plugin : plugins.entrySet()) {
                URLClassLoader loader = new URLClassLoader("agent:" + plugin.getKey(), urls(plugin.getValue()),
                        Agent.class.getClassLoader());
                loaders.add(loader);
                int found = 0;
                for (ServiceLoader.Provider<Agent> provider : providers(loader, plugin.getKey())) {
                    Class<? extends Agent> type = provider.type();
                    if (type.getClassLoader() != loader) {
                        continue; // listed by the host itself, not by this plugin
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
                    found++;
                    Log.infof("agent loaded class=%s type=%s jar=%s", annotation.value(), type.getName(),
                            jarOf(type));
                }
                if (found == 0) {
                    Log.warnf("agent plugin lists no agent (no META-INF/services/%s) plugin=%s",
                            Agent.class.getName(), plugin.getValue());
                }
            }
            return new Loaded(Collections.unmodifiableMap(agents), List.copyOf(loaders));
        } catch (RuntimeException | Error e) {
            new Loaded(Map.of(), loaders).close();
            throw e;
        }
    }

    /** Adds the plugins of one path entry, by name: a jar alone, or a sub-folder's jars together. */
    private static void pluginsOf(Path entry, Map<String, List<Path>> plugins) {
        if (Files.isRegularFile(entry)) {
            plugins.put(entry.toAbsolutePath().toString(), List.of(entry));
            return;
        }
        if (!Files.isDirectory(entry)) {
            throw new IllegalStateException("agent path entry " + entry.toAbsolutePath()
                    + " does not exist (mailroom.agent.path / MAILROOM_AGENT_PATH)");
        }
        for (Path child : list(entry)) {
            if (Files.isDirectory(child)) {
                List<Path> jars = list(child).stream().filter(AgentJars::isJar).toList();
                if (!jars.isEmpty()) {
                    plugins.put(child.toAbsolutePath().toString(), jars);
                }
            } else if (isJar(child)) {
                plugins.put(child.toAbsolutePath().toString(), List.of(child));
            }
        }
    }

    private static boolean isJar(Path file) {
        return file.getFileName().toString().endsWith(".jar") && Files.isRegularFile(file);
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("agent path folder " + folder + " cannot be read", e);
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

    private static List<ServiceLoader.Provider<Agent>> providers(URLClassLoader loader, String plugin) {
        try {
            return ServiceLoader.load(Agent.class, loader).stream().toList();
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("agent plugin " + plugin + " lists an agent that cannot be loaded: "
                    + e.getMessage(), e);
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
