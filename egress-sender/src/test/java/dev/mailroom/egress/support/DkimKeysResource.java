package dev.mailroom.egress.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.mailroom.mail.dkim.DkimKey;
import dev.mailroom.mail.dkim.DkimKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Fresh DKIM keys (rsa and ed25519) for the sending domain {@code mail.test}, written as PEM files and configured
 * the way an operator would; {@link #RECORDS} holds the DNS records an independent verifier needs.
 */
public class DkimKeysResource implements QuarkusTestResourceLifecycleManager {

    public static final String DOMAIN = "mail.test";
    /** DNS name to TXT value of every generated key. */
    public static final Map<String, String> RECORDS = new HashMap<>();

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("mailroom-dkim-");
            Map<String, String> config = new HashMap<>();
            for (DkimKey key : List.of(DkimKeys.generate(DOMAIN, "t1r", DkimKey.Algorithm.RSA_SHA256),
                    DkimKeys.generate(DOMAIN, "t1e", DkimKey.Algorithm.ED25519_SHA256))) {
                Path file = dir.resolve(key.selector() + ".pem");
                Files.writeString(file, DkimKeys.toPem(key.privateKey()));
                config.put("mailroom.egress.dkim.\"" + DOMAIN + "\"." + key.selector(), file.toString());
                RECORDS.put(key.dnsName(), key.dnsRecord());
            }
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }

    /** Runs dkimpy on {@code message}; returns its output lines ("sig i a d pass|fail detail"). */
    public static List<String> verify(byte[] message) throws IOException, InterruptedException {
        Path msg = Files.createTempFile("dkim-msg-", ".eml");
        Path records = Files.createTempFile("dkim-records-", ".txt");
        Files.write(msg, message);
        StringBuilder lines = new StringBuilder();
        RECORDS.forEach((name, value) -> lines.append(name).append('\t').append(value).append('\n'));
        Files.writeString(records, lines);
        Process p = new ProcessBuilder("/usr/bin/python3", "../mail/src/test/resources/dkim/dkimpy_verify.py",
                msg.toString(), records.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError("dkimpy_verify.py failed: " + out);
        }
        return out.lines().toList();
    }
}
