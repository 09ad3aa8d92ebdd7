package dev.mailroom.mailbox.webhook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mailroom.contract.Json;

/**
 * Verifies received webhook requests with the official Standard Webhooks library (npm {@code standardwebhooks}, run
 * by Node): installed once into {@code target/standardwebhooks}; when Node or npm cannot install it (offline), the
 * calling test is skipped with a message rather than passing unverified.
 */
final class StandardWebhooksVerifier {

    private static final Path DIR = Path.of("target", "standardwebhooks");
    private static volatile Boolean installed;

    private static final String SCRIPT = """
            const { Webhook } = require('standardwebhooks');
            const fs = require('fs');
            const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
            const out = cases.map(c => {
              try { new Webhook(c.secret).verify(c.body, c.headers); return 'ok'; }
              catch (e) { return 'fail: ' + e.message; }
            });
            process.stdout.write(JSON.stringify(out));
            """;

    private StandardWebhooksVerifier() {
    }

    /** Skips the test unless the library is installed (installs it on first use). */
    static synchronized void require() {
        if (installed == null) {
            installed = install();
        }
        Assumptions.assumeTrue(installed, "npm could not install standardwebhooks (offline?): signature check skipped");
    }

    private static boolean install() {
        try {
            Files.createDirectories(DIR);
            if (Files.isDirectory(DIR.resolve("node_modules/standardwebhooks"))) {
                return true;
            }
            Files.writeString(DIR.resolve("package.json"), "{\"name\":\"verify\",\"private\":true}");
            Process p = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "standardwebhooks@1")
                    .directory(DIR.toFile()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
                System.err.println("npm install standardwebhooks failed: " + log);
                return false;
            }
            return true;
        } catch (IOException e) {
            System.err.println("npm unavailable: " + e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One check: a request and the secret it should verify under. */
    record Check(Receiver.Request request, String secret) {
    }

    /** "ok" or "fail: reason" for each check, in order. */
    static List<String> verify(List<Check> checks) throws IOException, InterruptedException {
        require();
        ArrayNode cases = Json.mapper().createArrayNode();
        for (Check c : checks) {
            ObjectNode o = cases.addObject();
            o.put("secret", c.secret());
            o.put("body", c.request().body());
            ObjectNode h = o.putObject("headers");
            for (Map.Entry<String, String> e : c.request().headers().entrySet()) {
                h.put(e.getKey(), e.getValue());
            }
        }
        Path input = Files.createTempFile(DIR.toAbsolutePath(), "cases", ".json");
        Files.write(input, Json.mapper().writeValueAsBytes(cases));
        Path script = DIR.resolve("verify.js");
        Files.writeString(script, SCRIPT);
        Process p = new ProcessBuilder("node", "verify.js", input.toAbsolutePath().toString()).directory(DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("node verify.js failed: " + out);
        }
        List<String> results = new ArrayList<>();
        Json.mapper().readTree(out).forEach(n -> results.add(n.asText()));
        return results;
    }
}
