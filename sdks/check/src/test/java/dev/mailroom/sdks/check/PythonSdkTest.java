package dev.mailroom.sdks.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

/**
 * The Python SDK ({@code sdks/python}, distribution {@code mailroom}) with Debian's Python, from its folder:
 * {@code /usr/bin/python3 -m unittest discover -s tests/unit -t .}, then an sdist and a wheel built by Debian's
 * {@code python3-build} with no index and no isolation (from a copy under {@code target/python}, so the source tree
 * stays clean) and the wheel installed into a fresh venv and imported. Never a download (PyPI is not reachable).
 */
class PythonSdkTest {

    static final Path PYTHON = Path.of("/usr/bin/python3");

    @Test
    void unitSuitePasses() throws Exception {
        Path dir = Sdk.folder("python");
        python();
        assertTrue(Files.isDirectory(dir.resolve("tests/unit")), "sdks/python/tests/unit is missing");
        Sdk.passes("python-unit", dir, env(), Duration.ofMinutes(5), PYTHON.toString(), "-m", "unittest",
                "discover", "-s", "tests/unit", "-t", ".");
    }

    @Test
    void buildsAnSdistAndAWheelThatInstallsIntoAVenvWithNoDependency() throws Exception {
        Path dir = Sdk.folder("python");
        python();
        Sdk.Run tools = Sdk.run("python-tools", dir, env(), Duration.ofSeconds(30), PYTHON.toString(), "-c",
                "import setuptools, wheel, build, venv, ensurepip");
        if (tools.exitCode() != 0) {
            Sdk.skipOrFail("Python packaging tools missing (" + tools.tail().strip() + "): apt-get install "
                    + "python3-setuptools python3-wheel python3-build python3-venv python3-pip");
        }
        Path work = Sdk.target().resolve("python");
        Path src = Sdk.copyTree(dir, work.resolve("src"));
        Path dist = work.resolve("dist");
        Sdk.deleteTree(dist);
        Sdk.passes("python-build", src, env(), Duration.ofMinutes(5), PYTHON.toString(), "-m", "build",
                "--no-isolation", "--outdir", dist.toString(), ".");

        String version = Versions.python(Sdk.reactorVersion());
        List<String> built;
        try (var files = Files.list(dist)) {
            built = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertTrue(built.contains("mailroom-" + version + ".tar.gz"), "no sdist mailroom-" + version + ".tar.gz: "
                + built);
        String wheel = built.stream().filter(f -> f.endsWith(".whl")).findFirst().orElse(null);
        assertTrue(wheel != null && wheel.startsWith("mailroom-" + version + "-py3-none-any"),
                "no pure-Python wheel mailroom-" + version + "-py3-none-any.whl: " + built);
        String metadata = metadata(dist.resolve(wheel));
        assertFalse(metadata.contains("\nRequires-Dist:"), "standard library only, the wheel requires:\n" + metadata);
        assertTrue(metadata.contains("\nRequires-Python:"), "the wheel should state Requires-Python (>=3.9):\n"
                + metadata);

        Path venv = work.resolve("venv");
        Sdk.deleteTree(venv);
        Sdk.passes("python-venv", work, env(), Duration.ofMinutes(2), PYTHON.toString(), "-m", "venv",
                venv.toString());
        Path py = venv.resolve("bin/python");
        Sdk.passes("python-install", work, env(), Duration.ofMinutes(2), py.toString(), "-m", "pip", "install",
                "--no-index", "--no-deps", "--disable-pip-version-check", dist.resolve(wheel).toString());
        Sdk.Run imported = Sdk.passes("python-import", work, env(), Duration.ofMinutes(1), py.toString(), "-c",
                "import mailroom; print(mailroom.__file__); print(mailroom.Mailroom, mailroom.AsyncMailroom, "
                        + "mailroom.verify_webhook, mailroom.handle_agent_webhook)");
        assertTrue(imported.output().contains(venv.toString()), "imported from the venv: " + imported.output());
    }

    private static String metadata(Path wheel) throws java.io.IOException {
        try (ZipFile zip = new ZipFile(wheel.toFile())) {
            var entry = zip.stream().filter(e -> e.getName().endsWith(".dist-info/METADATA")).findFirst()
                    .orElseThrow(() -> new AssertionError(wheel + " has no .dist-info/METADATA"));
            return new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void python() {
        if (!Files.isExecutable(PYTHON)) {
            Sdk.skipOrFail(PYTHON + " is missing: apt-get install python3");
        }
    }

    /** No bytecode written into the source tree; Debian's Python, not a user's site packages. */
    private static Map<String, String> env() {
        Map<String, String> env = Sdk.unitEnv();
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("PYTHONNOUSERSITE", "1");
        env.remove("PYTHONPATH");
        env.remove("VIRTUAL_ENV");
        return env;
    }
}
