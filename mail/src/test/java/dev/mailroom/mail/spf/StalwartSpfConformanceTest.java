package dev.mailroom.mail.spf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.mailroom.mail.Corpus;
import dev.mailroom.mail.dns.MxHost;
import dev.mailroom.mail.dns.InMemoryDnsResolver;

/**
 * The SPF suite of stalwart mail-auth ({@code stalwart-mail-auth/spf/*.yml}), read line by line the way its own
 * driver reads it (the files repeat map keys, so they are not strict YAML): {@code spf:/exp:/a:/aaaa:/ptr:/mx:} lines
 * fill a per-file zone (the last record per name wins; {@code mx:} lists addresses, each becoming an exchange
 * {@code mx.<ip>.<n>}), {@code domain:} is the HELO name, names containing {@code _dns_error.} fail temporarily.
 * Like that driver, each case checks the HELO identity first and, when it passes, the MAIL FROM identity; the result
 * (and the explanation when one is given) must match.
 */
class StalwartSpfConformanceTest {

    /** Measured result; lower only with a reason in docs/conformance.md. */
    static final int FLOOR = 159;

    private static final class Zone {
        final Map<String, String> txt = new LinkedHashMap<>();
        final Map<String, List<String>> a = new LinkedHashMap<>();
        final Map<String, List<String>> aaaa = new LinkedHashMap<>();
        final Map<String, List<String>> ptr = new LinkedHashMap<>();
        final Map<String, List<MxHost>> mx = new LinkedHashMap<>();

        InMemoryDnsResolver resolver() throws Exception {
            InMemoryDnsResolver dns = new InMemoryDnsResolver().errorWhenNameContains("_dns_error.");
            txt.forEach((n, v) -> dns.add(n, "TXT", v));
            a.forEach((n, v) -> v.forEach(ip -> dns.add(n, "A", ip)));
            aaaa.forEach((n, v) -> v.forEach(ip -> dns.add(n, "AAAA", ip)));
            mx.forEach((n, v) -> v.forEach(m -> dns.add(n, "MX", m)));
            for (var e : ptr.entrySet()) {
                String reverse = org.xbill.DNS.ReverseMap.fromAddress(InetAddress.getByName(e.getKey())).toString();
                e.getValue().forEach(name -> dns.add(reverse, "PTR", name));
            }
            return dns;
        }
    }

    @Test
    void stalwartSpfSuitePassesAtLeastTheFloor() throws Exception {
        Path dir = Corpus.folder("stalwart-mail-auth").resolve("spf");
        int passed = 0;
        List<String> failures = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        for (Path file : files) {
            Zone zone = new Zone();
            String content = Files.readString(file, StandardCharsets.UTF_8);
            for (String doc : content.split("---\n")) {
                String name = "";
                String helo = "";
                String mailFrom = "";
                String ip = "127.0.0.1";
                int num = 1;
                for (String raw : doc.split("\n")) {
                    String line = raw.trim();
                    if (line.startsWith("-")) {
                        line = line.substring(1).trim();
                    }
                    if (line.startsWith("name:")) {
                        name = value(line);
                    } else if (line.startsWith("spf:") || line.startsWith("exp:") || line.startsWith("txt:")) {
                        String[] kv = value(line).split(" ", 2);
                        zone.txt.put(kv[0], kv[1]);
                    } else if (line.startsWith("a:")) {
                        String[] kv = value(line).split(" ", 2);
                        zone.a.put(kv[0], list(kv[1]));
                    } else if (line.startsWith("aaaa:")) {
                        String[] kv = value(line).split(" ", 2);
                        zone.aaaa.put(kv[0], list(kv[1]));
                    } else if (line.startsWith("ptr:")) {
                        String[] kv = value(line).split(" ", 2);
                        zone.ptr.put(kv[0], list(kv[1]));
                    } else if (line.startsWith("mx:")) {
                        String[] kv = value(line).split(" ", 2);
                        List<MxHost> hosts = new ArrayList<>();
                        List<String> ips = list(kv[1]);
                        for (int i = 0; i < ips.size(); i++) {
                            String host = "mx." + ips.get(i) + "." + i;
                            (ips.get(i).contains(":") ? zone.aaaa : zone.a).put(host, List.of(ips.get(i)));
                            hosts.add(new MxHost(i + 1, host));
                        }
                        zone.mx.put(kv[0], hosts);
                    } else if (line.startsWith("domain:")) {
                        helo = value(line);
                    } else if (line.startsWith("sender:")) {
                        mailFrom = value(line);
                    } else if (line.startsWith("ip:")) {
                        ip = value(line);
                    } else if (line.startsWith("expect:")) {
                        String[] expect = value(line).split(" ", 2);
                        String problem = run(zone.resolver(), InetAddress.getByName(ip), helo, mailFrom, expect[0],
                                expect.length > 1 ? expect[1].trim() : "");
                        String id = file.getFileName() + " \"" + name + "\" #" + num++;
                        if (problem == null) {
                            passed++;
                        } else {
                            failures.add(id + " (helo " + helo + ", from " + mailFrom + ", ip " + ip + "): "
                                    + problem);
                        }
                    }
                }
            }
        }
        System.out.printf("stalwart-mail-auth spf: %d passed, %d failed of %d%n", passed, failures.size(),
                passed + failures.size());
        failures.forEach(f -> System.out.println("  FAIL " + f));
        assertTrue(passed >= FLOOR, "stalwart spf: " + passed + " passed, floor " + FLOOR);
    }

    private static String run(InMemoryDnsResolver dns, InetAddress ip, String helo, String mailFrom, String result,
                              String explanation) {
        SpfEvaluator spf = new SpfEvaluator(dns, Clock.systemUTC(), "localdomain.org");
        SpfOutcome out = spf.checkHost(ip, helo, "postmaster@" + helo, helo);
        if (out.result() == SpfResult.PASS) {
            out = spf.check(ip, helo, mailFrom.isEmpty() ? "" : mailFrom);
        }
        if (!out.result().keyword().equals(result)) {
            return "expected " + result + " got " + out.result().keyword() + " (" + out.detail() + ")";
        }
        if (!explanation.isEmpty() && !explanation.equals(out.explanation())) {
            return "expected explanation '" + explanation + "' got '" + out.explanation() + "'";
        }
        return null;
    }

    private static String value(String line) {
        return line.substring(line.indexOf(':') + 1).trim();
    }

    private static List<String> list(String csv) {
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            out.add(s.trim());
        }
        return out;
    }
}
