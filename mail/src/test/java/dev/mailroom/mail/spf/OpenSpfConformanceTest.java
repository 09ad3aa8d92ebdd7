package dev.mailroom.mail.spf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import dev.mailroom.mail.Corpus;
import dev.mailroom.mail.dns.MxHost;
import dev.mailroom.mail.dns.InMemoryDnsResolver;

/**
 * The OpenSPF RFC 7208 test suite ({@code openspf-rfc7208/rfc7208-tests.yml}): each scenario's zonedata becomes a
 * {@link InMemoryDnsResolver} (type SPF records are also served as TXT unless the name has TXT records, as the suite's
 * drivers do), each test case runs {@link SpfEvaluator#check} and must give the expected result (one of them when
 * several are allowed) and, for a fail with a given explanation, that explanation.
 */
class OpenSpfConformanceTest {

    /** Measured: 202 of 203 cases pass (v-macro-ip6 expects the nibbles of %{i} in the case the address was written in; we write RFC 7208 lower case). Lower only with a reason in docs/conformance.md. */
    static final int FLOOR = 202;

    @Test
    void rfc7208SuitePassesAtLeastTheFloor() throws Exception {
        Path file = Corpus.folder("openspf-rfc7208").resolve("rfc7208-tests.yml");
        int passed = 0;
        List<String> failures = new ArrayList<>();
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (Object doc : new Yaml(options).loadAll(reader)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> scenario = (Map<String, Object>) doc;
                InMemoryDnsResolver dns = zone(scenario);
                SpfEvaluator spf = new SpfEvaluator(dns, Clock.systemUTC(), "unknown");
                @SuppressWarnings("unchecked")
                Map<String, Map<String, Object>> tests = (Map<String, Map<String, Object>>) scenario.get("tests");
                for (var test : tests.entrySet()) {
                    String problem = run(spf, test.getValue());
                    if (problem == null) {
                        passed++;
                    } else {
                        failures.add(test.getKey() + ": " + problem);
                    }
                }
            }
        }
        int total = passed + failures.size();
        System.out.printf("openspf-rfc7208: %d passed, %d failed of %d%n", passed, failures.size(), total);
        failures.forEach(f -> System.out.println("  FAIL " + f));
        assertTrue(passed >= FLOOR, "openspf-rfc7208: " + passed + " passed, floor " + FLOOR + "; failures: "
                + failures);
    }

    private static String run(SpfEvaluator spf, Map<String, Object> test) throws Exception {
        InetAddress ip = InetAddress.getByName(String.valueOf(test.get("host")));
        String mailFrom = String.valueOf(test.get("mailfrom"));
        String helo = String.valueOf(test.get("helo"));
        SpfOutcome out = spf.check(ip, helo, mailFrom);
        Object expected = test.get("result");
        List<String> allowed = new ArrayList<>();
        if (expected instanceof List<?> list) {
            list.forEach(e -> allowed.add(String.valueOf(e)));
        } else {
            allowed.add(String.valueOf(expected));
        }
        if (!allowed.contains(out.result().keyword())) {
            return "expected " + allowed + " got " + out.result().keyword() + " (" + out.detail() + ")";
        }
        Object exp = test.get("explanation");
        if (exp != null && out.result() == SpfResult.FAIL && !"DEFAULT".equals(exp)
                && !String.valueOf(exp).equals(out.explanation())) {
            return "expected explanation '" + exp + "' got '" + out.explanation() + "'";
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    static InMemoryDnsResolver zone(Map<String, Object> scenario) {
        InMemoryDnsResolver dns = new InMemoryDnsResolver();
        Map<String, List<Object>> zonedata = (Map<String, List<Object>>) scenario.get("zonedata");
        if (zonedata == null) {
            return dns;
        }
        for (var e : zonedata.entrySet()) {
            String name = e.getKey();
            dns.exists(name);
            List<Object> records = e.getValue() == null ? List.of() : e.getValue();
            boolean hasTxt = records.stream().anyMatch(r -> r instanceof Map<?, ?> m && m.containsKey("TXT"));
            List<String> generatedTxt = new ArrayList<>();
            for (Object r : records) {
                if (!(r instanceof Map<?, ?> m)) {
                    if ("TIMEOUT".equals(r)) {
                        dns.timeout(name);
                    }
                    continue;
                }
                for (var rr : ((Map<String, Object>) m).entrySet()) {
                    String type = rr.getKey().toUpperCase(Locale.ROOT);
                    Object value = rr.getValue();
                    if ("NONE".equals(value)) {
                        continue;
                    }
                    switch (type) {
                        case "SPF" -> {
                            if (!hasTxt) {
                                generatedTxt.add(text(value));
                            }
                        }
                        case "TXT" -> dns.add(name, "TXT", text(value));
                        case "MX" -> {
                            List<Object> mx = (List<Object>) value;
                            dns.add(name, "MX", new MxHost(((Number) mx.get(0)).intValue(), String.valueOf(mx.get(1))));
                        }
                        case "A", "AAAA", "PTR", "CNAME" -> dns.add(name, type, String.valueOf(value));
                        default -> throw new IllegalArgumentException("unknown zonedata type " + type);
                    }
                }
            }
            generatedTxt.forEach(t -> dns.add(name, "TXT", t));
        }
        return dns;
    }

    private static String text(Object value) {
        if (value instanceof List<?> parts) {
            StringBuilder b = new StringBuilder();
            parts.forEach(b::append);
            return b.toString();
        }
        return String.valueOf(value);
    }
}
