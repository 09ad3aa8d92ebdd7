package dev.mailroom.mail.dkim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keys, messages and the external verifiers (dkimpy, opendkim) shared by the DKIM tests. */
final class DkimTestSupport {

    static final String PYTHON = "/usr/bin/python3";
    static final String OPENDKIM_TESTMSG = "/usr/sbin/opendkim-testmsg";
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static final DkimKey RSA = DkimKeys.generate("example.com", "rsa2025", DkimKey.Algorithm.RSA_SHA256);
    static final DkimKey ED = DkimKeys.generate("example.com", "ed2025", DkimKey.Algorithm.ED25519_SHA256);

    private DkimTestSupport() {
    }

    /** The key sets every message is signed with. */
    static Map<String, List<DkimKey>> keySets() {
        Map<String, List<DkimKey>> sets = new LinkedHashMap<>();
        sets.put("rsa", List.of(RSA));
        sets.put("ed25519", List.of(ED));
        sets.put("ed25519+rsa", List.of(ED, RSA));
        return sets;
    }

    /** Lines joined with CRLF: end with "" for a final CRLF. */
    static byte[] lines(String... lines) {
        return String.join("\r\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code a} then {@code b}. */
    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The test messages, by name. */
    static Map<String, byte[]> messages() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("simple-text", lines(
                "From: Alice Agent <alice@example.com>",
                "To: Bob <bob@example.org>",
                "Subject: Hello from Mailroom",
                "Date: Sun, 01 Jun 2025 12:00:00 +0000",
                "Message-ID: <simple-1@example.com>",
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=us-ascii",
                "Content-Transfer-Encoding: 7bit",
                "X-Mailroom-Send-Id: s-1",
                "",
                "Hello Bob,",
                "",
                "This is a plain test message.",
                "-- ",
                "Alice",
                ""));
        m.put("multipart-attachment", multipart());
        m.put("folded-headers", lines(
                "From: \"Folded, Alice\"",
                " <alice@example.com>",
                "TO: bob@example.org,",
                "\tcarol@example.org,",
                "    dave@example.org",
                "sUbJeCt: A subject that is long enough to be folded \t",
                " over two lines\t",
                "Date: Sun, 01 Jun 2025 12:00:00 +0000",
                "message-id:<folded-3@example.com>",
                "References: <a@example.org>",
                " <b@example.org>",
                "\t<c@example.org>",
                "In-Reply-To:   <c@example.org>   ",
                "Content-Type: text/plain;",
                "\tcharset=\"us-ascii\"",
                "",
                "Folded headers above.",
                ""));
        m.put("repeated-fields", lines(
                "Received: from a.example.org by b.example.org; Sun, 01 Jun 2025 11:59:00 +0000",
                "Received: from c.example.org by a.example.org; Sun, 01 Jun 2025 11:58:00 +0000",
                "From: alice@example.com",
                "Cc: first@example.org",
                "To: bob@example.org",
                "Cc: second@example.org",
                "Subject: two Cc fields",
                "Date: Sun, 01 Jun 2025 12:00:00 +0000",
                "",
                "Signed bottom-up.",
                ""));
        m.put("trailing-blank-lines", lines(
                "From: alice@example.com",
                "To: bob@example.org",
                "Subject: trailing blank lines",
                "Date: Sun, 01 Jun 2025 12:00:00 +0000",
                "",
                "Line one",
                "",
                "Line three",
                "",
                "",
                "",
                ""));
        m.put("whitespace-runs", lines(
                "From: alice@example.com",
                "To: bob@example.org",
                "Subject: whitespace   runs\tand\t\ttabs",
                "Date: Sun, 01 Jun 2025 12:00:00 +0000",
                "",
                "a  b\t\tc   ",
                " \t leading whitespace",
                "tabs\t\t\tinside\t",
                "   ",
                "end \t ",
                " \t",
                "",
                ""));
        m.put("empty-body", lines(
                "From: alice@example.com",
                "To: bob@example.org",
                "Subject: empty body",
                "Date: Sun, 01 Jun 2025 12:00:00 +0000",
                "",
                ""));
        m.put("no-body", lines(
                "From: alice@example.com",
                "To: bob@example.org",
                "Subject: no blank line, no body",
                "Date: Sun, 01 Jun 2025 12:00:00 +0000",
                ""));
        m.put("utf8-subject", lines(
                "From: =?UTF-8?B?" + b64("Jürgen Müller") + "?= <juergen@example.com>",
                "To: bob@example.org",
                "Subject: =?UTF-8?B?" + b64("Grüße aus Zürich ✉") + "?=",
                " =?UTF-8?Q?_und_sch=C3=B6ne_Tage?=",
                "Date: Sun, 01 Jun 2025 12:00:00 +0000",
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: 8bit",
                "",
                "Grüße — 8-bit UTF-8 body ✓",
                ""));
        m.put("lf-line-ends", ("From: alice@example.com\nTo: bob@example.org\nSubject: LF only\n"
                + "Date: Sun, 01 Jun 2025 12:00:00 +0000\n\nbody\n").getBytes(StandardCharsets.UTF_8));
        return m;
    }

    private static byte[] multipart() {
        byte[] pdf = new byte[900];
        for (int i = 0; i < pdf.length; i++) {
            pdf[i] = (byte) (i * 31 + 7);
        }
        String attachment = Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).encodeToString(pdf);
        List<String> l = new ArrayList<>(List.of(
                "From: Alice Agent <alice@example.com>",
                "To: Bob <bob@example.org>",
                "Cc: carol@example.org",
                "Reply-To: replies+token@example.com",
                "Subject: Report attached",
                "Date: Sun, 01 Jun 2025 12:00:00 +0000",
                "Message-ID: <multi-2@example.com>",
                "In-Reply-To: <earlier@example.org>",
                "References: <earlier@example.org>",
                "List-Unsubscribe: <https://example.com/u/abc>, <mailto:unsub@example.com>",
                "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
                "MIME-Version: 1.0",
                "Content-Type: multipart/mixed; boundary=\"=_mailroom_b1\"",
                "",
                "This is a multi-part message in MIME format.",
                "",
                "--=_mailroom_b1",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: 7bit",
                "",
                "Please find the report attached.",
                "",
                "--=_mailroom_b1",
                "Content-Type: application/pdf; name=\"report.pdf\"",
                "Content-Disposition: attachment; filename=\"report.pdf\"",
                "Content-Transfer-Encoding: base64",
                "",
                attachment,
                "--=_mailroom_b1--",
                ""));
        return lines(l.toArray(String[]::new));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    // ---- header inspection ----

    /** The DKIM-Signature fields the signer prepended (raw, folded), top first. */
    static List<String> signatureFields(byte[] signed) {
        String s = new String(signed, StandardCharsets.ISO_8859_1);
        List<String> fields = new ArrayList<>();
        int pos = 0;
        while (s.startsWith("DKIM-Signature:", pos)) {
            int end = pos;
            do {
                end = s.indexOf("\r\n", end) + 2;
            } while (end < s.length() && (s.charAt(end) == ' ' || s.charAt(end) == '\t'));
            fields.add(s.substring(pos, end - 2));
            pos = end;
        }
        return fields;
    }

    /** One tag value of a DKIM-Signature field, with folding whitespace removed. */
    static String tag(String field, String name) {
        String value = field.substring(field.indexOf(':') + 1).replaceAll("[\\r\\n\\t ]", "");
        Matcher m = Pattern.compile("(?:^|;)" + Pattern.quote(name) + "=([^;]*)").matcher(value);
        if (!m.find()) {
            throw new AssertionError("no " + name + "= in " + field);
        }
        return m.group(1);
    }

    // ---- external verifiers ----

    record Verification(int index, String algorithm, String domain, boolean pass, String detail) {
    }

    record DkimpyReport(int signatures, List<Verification> results, String output) {
        boolean allPass() {
            return signatures == results.size() && results.stream().allMatch(Verification::pass);
        }

        boolean nonePass() {
            return signatures == results.size() && results.stream().noneMatch(Verification::pass);
        }
    }

    record Output(int exitCode, String text) {
    }

    private static Boolean dkimpyAvailable;

    /** Whether /usr/bin/python3 can import dkim and nacl (the ed25519 support of dkimpy). */
    static synchronized boolean dkimpyAvailable() {
        if (dkimpyAvailable == null) {
            dkimpyAvailable = Files.isExecutable(Path.of(PYTHON))
                    && run(List.of(PYTHON, "-c", "import dkim, nacl"), 60).exitCode() == 0;
        }
        return dkimpyAvailable;
    }

    static final String DKIMPY_MISSING = "skipped: " + PYTHON + " cannot import dkim and nacl (Debian: apt-get install"
            + " python3-dkim python3-nacl); the signer is then not independently verified";

    /** Verifies every signature of the message with dkimpy, DNS answered from the keys' records. */
    static DkimpyReport dkimpy(byte[] message, List<DkimKey> keys) {
        return dkimpy(message, keys, false);
    }

    /**
     * As {@link #dkimpy(byte[], List)}; with {@code strictH} dkimpy hashes exactly the fields h= names, without its
     * own extra From (see dkimpy_verify.py), so that only the signer's over-signing can catch an added From.
     */
    static DkimpyReport dkimpy(byte[] message, List<DkimKey> keys, boolean strictH) {
        Path dir = tempDir();
        try {
            Path msg = dir.resolve("message.eml");
            Files.write(msg, message);
            Path records = writeRecords(dir, keys);
            List<String> command = new ArrayList<>(List.of(PYTHON, resource("dkimpy_verify.py").toString()));
            if (strictH) {
                command.add("--strict-h");
            }
            command.addAll(List.of(msg.toString(), records.toString()));
            Output out = run(command, 60);
            if (out.exitCode() != 0) {
                throw new AssertionError("dkimpy_verify.py failed (" + out.exitCode() + "):\n" + out.text());
            }
            int count = -1;
            List<Verification> results = new ArrayList<>();
            for (String line : out.text().split("\n")) {
                String[] f = line.split(" ", 6);
                if (f[0].equals("signatures")) {
                    count = Integer.parseInt(f[1].trim());
                } else if (f[0].equals("sig")) {
                    results.add(new Verification(Integer.parseInt(f[1]), f[2], f[3], f[4].equals("pass"),
                            f.length > 5 ? f[5] : ""));
                }
            }
            if (count < 0) {
                throw new AssertionError("unexpected dkimpy_verify.py output:\n" + out.text());
            }
            return new DkimpyReport(count, results, out.text());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(dir);
        }
    }

    private static String opendkimProblem;
    private static boolean opendkimChecked;

    /**
     * Why opendkim cannot verify offline here, or null when it can: it needs opendkim-testmsg, unshare, ip and
     * dnspython, and the right to create network and mount namespaces (root).
     */
    static synchronized String opendkimProblem() {
        if (!opendkimChecked) {
            opendkimChecked = true;
            if (!Files.isExecutable(Path.of(OPENDKIM_TESTMSG))) {
                opendkimProblem = OPENDKIM_TESTMSG + " is missing (Debian: apt-get install opendkim-tools)";
            } else if (!Files.isExecutable(Path.of(PYTHON))
                    || run(List.of(PYTHON, "-c", "import dns.message"), 60).exitCode() != 0) {
                opendkimProblem = PYTHON + " cannot import dns (Debian: apt-get install python3-dnspython)";
            } else if (run(List.of("unshare", "--net", "--mount", "ip", "link", "set", "lo", "up"), 60)
                    .exitCode() != 0) {
                opendkimProblem = "cannot create network and mount namespaces (unshare --net --mount, needs root)"
                        + " or run ip: the offline DNS for opendkim cannot be set up";
            }
        }
        return opendkimProblem;
    }

    /** Verifies the message with opendkim-testmsg; exit code 0 means the signature verified. */
    static Output opendkim(byte[] message, List<DkimKey> keys) {
        Path dir = tempDir();
        try {
            Path msg = dir.resolve("message.eml");
            Files.write(msg, message);
            Path records = writeRecords(dir, keys);
            Output out = run(List.of("unshare", "--net", "--mount", "/bin/sh",
                    resource("opendkim_verify.sh").toString(), msg.toString(), records.toString()), 60);
            Matcher m = Pattern.compile("(?m)^rc=(\\d+)$").matcher(out.text());
            if (out.exitCode() != 0 || !m.find()) {
                throw new AssertionError("opendkim_verify.sh failed (" + out.exitCode() + "):\n" + out.text());
            }
            return new Output(Integer.parseInt(m.group(1)), out.text());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(dir);
        }
    }

    private static Path writeRecords(Path dir, List<DkimKey> keys) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (DkimKey key : keys) {
            sb.append(key.dnsName()).append('\t').append(key.dnsRecord()).append('\n');
        }
        return Files.writeString(dir.resolve("records.tsv"), sb.toString(), StandardCharsets.US_ASCII);
    }

    static Path resource(String name) {
        URL url = DkimTestSupport.class.getResource("/dkim/" + name);
        if (url == null) {
            throw new IllegalStateException("test resource dkim/" + name + " is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String resourceText(String name) {
        try {
            return Files.readString(resource(name), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Output run(List<String> command, int timeoutSeconds) {
        Path log = null;
        try {
            log = Files.createTempFile("mailroom-dkim-", ".out");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out after " + timeoutSeconds + " s: " + command);
            }
            return new Output(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Output(127, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            if (log != null) {
                log.toFile().delete();
            }
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("mailroom-dkim-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
