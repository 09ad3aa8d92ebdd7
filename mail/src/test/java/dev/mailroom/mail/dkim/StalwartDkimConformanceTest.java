package dev.mailroom.mail.dkim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.mailroom.contract.Authentication;
import dev.mailroom.mail.Corpus;
import dev.mailroom.mail.dns.InMemoryDnsResolver;

/**
 * The DKIM vectors of stalwart mail-auth ({@code stalwart-mail-auth/dkim/*.txt}: key records, a blank line, the
 * message). Cases: every signature passes at unix time 1667843664; every signature fails once the body is changed
 * (a line appended); every signature fails once a signed header is changed (Subject); and 005 ({@code x=}) fails
 * at the current time.
 */
class StalwartDkimConformanceTest {

    static final Instant VERIFY_AT = Instant.ofEpochSecond(1667843664L);

    /** Measured result; lower only with a reason in docs/conformance.md. */
    static final int FLOOR = 19;

    private record Vector(String name, InMemoryDnsResolver dns, byte[] message) {
    }

    @Test
    void stalwartDkimVectorsPassAtLeastTheFloor() throws Exception {
        Path dir = Corpus.folder("stalwart-mail-auth").resolve("dkim");
        List<Vector> vectors = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                vectors.add(read(p));
            }
        }
        Clock frozen = Clock.fixed(VERIFY_AT, ZoneOffset.UTC);
        int passed = 0;
        List<String> failures = new ArrayList<>();
        for (Vector v : vectors) {
            DkimVerifier verifier = new DkimVerifier(v.dns, frozen);
            List<String> problems = new ArrayList<>();
            List<Authentication.Dkim> good = verifier.verify(v.message);
            check(problems, good, "pass", "as published");
            byte[] tamperedBody = DkimTestSupport.concat(v.message, "Appended line.\n".getBytes(StandardCharsets.UTF_8));
            check(problems, verifier.verify(tamperedBody), "fail", "body changed");
            String text = new String(v.message, StandardCharsets.ISO_8859_1);
            byte[] tamperedHeader = text.replaceFirst("(?mi)^Subject:", "Subject: [changed]")
                    .getBytes(StandardCharsets.ISO_8859_1);
            if (text.matches("(?s).*(?mi)^Subject:.*")) {
                check(problems, verifier.verify(tamperedHeader), "fail", "Subject changed");
            }
            boolean expires = text.matches("(?s).*[;\\s]x=[0-9]+.*");
            if (expires) {
                List<Authentication.Dkim> live = new DkimVerifier(v.dns, Clock.systemUTC()).verify(v.message);
                check(problems, live, "fail", "verified now, after x=");
            }
            int cases = 2 + (text.matches("(?s).*(?mi)^Subject:.*") ? 1 : 0) + (expires ? 1 : 0);
            passed += cases - problems.size();
            problems.forEach(p -> failures.add(v.name + ": " + p));
            if (good.isEmpty()) {
                failures.add(v.name + ": no signature found");
            }
        }
        System.out.printf("stalwart-mail-auth dkim: %d passed, %d failed of %d%n", passed, failures.size(),
                passed + failures.size());
        failures.forEach(f -> System.out.println("  FAIL " + f));
        assertTrue(passed >= FLOOR, "stalwart dkim: " + passed + " passed, floor " + FLOOR + ": " + failures);
    }

    private static void check(List<String> problems, List<Authentication.Dkim> results, String expected,
                              String what) {
        boolean ok = !results.isEmpty() && results.stream().allMatch(r -> r.result().equals(expected));
        if (!ok) {
            problems.add(what + ": expected all " + expected + ", got " + results);
        }
    }

    static Vector read(Path file) throws Exception {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        int split = text.indexOf("\n\n");
        InMemoryDnsResolver dns = new InMemoryDnsResolver();
        for (String line : text.substring(0, split).split("\n")) {
            String[] kv = line.split(" ", 2);
            dns.add(kv[0], "TXT", kv[1]);
        }
        byte[] message = text.substring(split + 2).getBytes(StandardCharsets.ISO_8859_1);
        return new Vector(file.getFileName().toString(), dns, message);
    }
}
