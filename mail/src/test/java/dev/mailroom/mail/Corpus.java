package dev.mailroom.mail;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/**
 * Finds the shared conformance corpus: system property {@code mailroom-corpus}, else {@code ../shared/corpus}
 * relative to the project root (the parent of the mail module). Tests are skipped, naming the folder, when it is
 * absent.
 */
public final class Corpus {

    private Corpus() {
    }

    /** The corpus sub-folder {@code name}; aborts (skips) the calling test when it is missing. */
    public static Path folder(String name) {
        String prop = System.getProperty("mailroom-corpus");
        Path root;
        if (prop != null && !prop.isBlank()) {
            root = Path.of(prop);
        } else {
            Path module = Path.of("").toAbsolutePath();
            Path projectRoot = Files.exists(module.resolve("pom.xml")) && module.getFileName() != null
                    && module.getFileName().toString().equals("mail") ? module.getParent() : module;
            root = projectRoot.resolve("../shared/corpus").normalize();
        }
        Path folder = root.resolve(name);
        Assumptions.assumeTrue(Files.isDirectory(folder),
                "conformance corpus folder " + folder + " is absent (set -Dmailroom-corpus=...); skipping");
        return folder;
    }
}
