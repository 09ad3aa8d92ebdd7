package dev.mailroom.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.List;

/** The overlays the tests render, and the one validator they share. */
final class Overlays {

    static final List<String> NAMES = List.of("dev", "prod");

    private static SchemaValidator validator;

    private Overlays() {
    }

    static Path dir(String overlay) {
        return Manifests.deployDir().resolve("overlays").resolve(overlay);
    }

    static List<ObjectNode> render(String overlay) {
        return Manifests.render(dir(overlay));
    }

    /** The CRDs of ../shared/k8s-schemas and the ServiceMonitor subset kept with these tests. */
    static synchronized SchemaValidator validator() {
        if (validator == null) {
            validator = new SchemaValidator(Manifests.schemasDir(),
                    Manifests.deployDir().resolve("src/test/resources/schemas"));
        }
        return validator;
    }
}
