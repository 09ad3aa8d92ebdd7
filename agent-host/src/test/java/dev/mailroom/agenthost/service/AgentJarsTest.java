package dev.mailroom.agenthost.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailroom.agent.Agent;

/**
 * Loading agents from jars against the example module's real jar ({@code target/agent-jars}, copied there by the
 * build; not on the test classpath).
 */
class AgentJarsTest {

    static final Path AGENT_JARS = Path.of("target", "agent-jars");

    @TempDir
    Path dir;

    static Path exampleJar() throws IOException {
        try (Stream<Path> jars = Files.list(AGENT_JARS)) {
            return jars.filter(p -> p.getFileName().toString().startsWith("mailroom-agent-example")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no example jar in " + AGENT_JARS.toAbsolutePath()
                            + ": build with the reactor (-pl examples/agent-example,agent-host)"));
        }
    }

    @Test
    void agentsListedByAJarOfAFolderAreCreatedInAClassLoaderOfTheirOwn() throws Exception {
        Files.copy(exampleJar(), dir.resolve("notes.jar"));
        Files.writeString(dir.resolve("README.txt"), "not a jar");
        try (AgentJars.Loaded loaded = AgentJars.load(List.of(dir))) {
            assertEquals(List.of("Notes"), List.copyOf(loaded.agents().keySet()));
            Agent notes = loaded.agents().get("Notes");
            assertEquals("dev.mailroom.examples.notes.NotesAgent", notes.getClass().getName());
            assertEquals(loaded.loaders().get(0), notes.getClass().getClassLoader());
            assertNotSame(getClass().getClassLoader(), notes.getClass().getClassLoader());
            assertThrows(ClassNotFoundException.class, () -> Class.forName(notes.getClass().getName()),
                    "the example is not on the host's class path");
        }
    }

    @Test
    void aJarFileCanBeNamedDirectly() throws Exception {
        try (AgentJars.Loaded loaded = AgentJars.load(List.of(exampleJar()))) {
            assertTrue(loaded.agents().containsKey("Notes"));
        }
    }

    @Test
    void aSubFolderIsOnePluginOfAllItsJars() throws Exception {
        Files.createDirectories(dir.resolve("notes"));
        Files.copy(exampleJar(), dir.resolve("notes").resolve("notes.jar"));
        Files.createDirectories(dir.resolve("empty"));
        try (AgentJars.Loaded loaded = AgentJars.load(List.of(dir))) {
            assertEquals(List.of("Notes"), List.copyOf(loaded.agents().keySet()));
            assertEquals(1, loaded.loaders().size(), "the empty folder is no plugin");
            assertTrue(loaded.loaders().get(0).getName().endsWith("notes"), loaded.loaders().get(0).getName());
        }
    }

    @Test
    void twoJarsClaimingOneClassNameAreRefusedNamingBoth() throws Exception {
        Files.copy(exampleJar(), dir.resolve("a.jar"));
        Files.copy(exampleJar(), dir.resolve("b.jar"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AgentJars.load(List.of(dir)));
        assertTrue(e.getMessage().startsWith("two agents for class Notes: "), e.getMessage());
        assertTrue(e.getMessage().contains("a.jar") && e.getMessage().contains("b.jar"), e.getMessage());
    }

    @Test
    void aMissingPathEntryIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> AgentJars.load(List.of(dir.resolve("nowhere"))));
        assertTrue(e.getMessage().contains("nowhere") && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void aJarListingAClassItLacksIsRefused() throws Exception {
        Path jar = dir.resolve("broken.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("META-INF/services/dev.mailroom.agent.Agent"));
            out.write("com.example.Missing\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AgentJars.load(List.of(dir)));
        assertTrue(e.getMessage().contains("com.example.Missing"), e.getMessage());
    }

    @Test
    void noPathOrAnEmptyFolderLoadsNothing() throws Exception {
        try (AgentJars.Loaded none = AgentJars.load(List.of()); AgentJars.Loaded empty = AgentJars.load(List.of(dir))) {
            assertEquals(0, none.agents().size());
            assertEquals(0, empty.agents().size());
        }
    }
}
