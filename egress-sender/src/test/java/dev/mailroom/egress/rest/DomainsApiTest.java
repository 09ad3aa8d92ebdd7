package dev.mailroom.egress.rest;

import static dev.mailroom.egress.support.Api.BOOTSTRAP;
import static dev.mailroom.egress.support.Api.as;
import static dev.mailroom.egress.support.Api.awaitStatus;
import static dev.mailroom.egress.support.Api.key;
import static dev.mailroom.egress.support.Api.send;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.DomainRecord;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.contract.Topics;
import dev.mailroom.egress.service.Domains;
import dev.mailroom.egress.support.KnotDnsResource;
import dev.mailroom.egress.support.KnotServer;
import dev.mailroom.egress.support.SmtpPeersResource;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SmtpPeersResource.class)
@WithTestResource(KnotDnsResource.class)
class DomainsApiTest {

    private static final String MONTH = String.format("%1$tY%1$tm", YearMonth.now(ZoneOffset.UTC).atDay(1));
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Domains domains;

    private static String newDomain() {
        return "shop-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    }

    private static JsonPath create(String name) {
        return as(BOOTSTRAP).body(Map.of("name", name)).post("/v1/domains").then().statusCode(201).extract()
                .jsonPath();
    }

    private static JsonPath get(String name) {
        return as(BOOTSTRAP).get("/v1/domains/" + name).then().statusCode(200).extract().jsonPath();
    }

    private static String zone(String name) {
        return as(BOOTSTRAP).get("/v1/domains/" + name + "/zone").then().statusCode(200)
                .contentType(containsString("text/plain")).extract().asString();
    }

    private static JsonPath verify(String name) {
        return as(BOOTSTRAP).post("/v1/domains/" + name + "/verify").then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Object> mail(String from, String marker) {
        return Map.of("from", from, "to", List.of("rcpt@accept.test"), "subject", "Hello " + marker,
                "text", "marker " + marker + "\n");
    }

    @Test
    void aDomainIsCreatedWithItsKeysAndRecordsListedRenderedAndDeleted() {
        String name = newDomain();
        String given = name.toUpperCase();
        JsonPath created = as(BOOTSTRAP).body(Map.of("name", given)).post("/v1/domains").then().statusCode(201)
                .header("Location", containsString("/v1/domains/" + name)).extract().jsonPath();
        assertEquals(name, created.getString("name"));
        assertEquals(List.of("mr" + MONTH + "r", "mr" + MONTH + "e"), created.getList("keys.selector"));
        assertEquals(List.of("rsa-sha256", "ed25519-sha256"), created.getList("keys.algorithm"));
        assertEquals(List.of("active", "active"), created.getList("keys.status"));
        assertEquals(List.of("mx", "spf", "dkim", "dkim", "dmarc"), created.getList("records.purpose"));
        assertEquals(List.of(name, name, "mr" + MONTH + "r._domainkey." + name, "mr" + MONTH + "e._domainkey." + name,
                "_dmarc." + name), created.getList("records.name"));
        assertEquals("10 mx.mailroom.test.", created.getString("records[0].value"));
        assertEquals("v=spf1 mx -all", created.getString("records[1].value"));
        assertTrue(created.getString("records[2].value").startsWith("v=DKIM1; k=rsa; p=MII"));
        assertTrue(created.getString("records[2].rdata").contains("\" \""), "an RSA record is split in strings");
        assertEquals("v=DMARC1; p=none", created.getString("records[4].value"));
        assertEquals(List.of("unverified", "unverified", "unverified", "unverified", "unverified"),
                created.getList("records.status"));
        assertEquals(false, created.getBoolean("can_send"));
        assertEquals(true, created.getBoolean("require_verified_dkim"));

        as(BOOTSTRAP).body(Map.of("name", name)).post("/v1/domains").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString(name));
        as(BOOTSTRAP).body(Map.of("name", "bad_name.test")).post("/v1/domains").then().statusCode(422)
                .contentType("application/problem+json").body("errors[0].field", equalTo("name"));
        as(BOOTSTRAP).body(Map.of()).post("/v1/domains").then().statusCode(422).body("errors[0].field",
                equalTo("name"));
        as(BOOTSTRAP).body(Map.of("name", name, "nmae", "typo")).post("/v1/domains").then().statusCode(400);
        as(key(List.of(name), null)).body(Map.of("name", newDomain())).post("/v1/domains").then().statusCode(403);

        List<String> listed = as(BOOTSTRAP).get("/v1/domains").then().statusCode(200).extract().path("name");
        assertTrue(listed.contains(name), listed.toString());
        assertEquals(name, get(given).getString("name"), "names in paths are normalised too");

        String zone = zone(name);
        assertTrue(zone.contains(name + ".\t3600\tIN\tMX\t10 mx.mailroom.test.\n"), zone);
        assertTrue(zone.contains("mr" + MONTH + "r._domainkey." + name + ".\t3600\tIN\tTXT\t\"v=DKIM1; k=rsa; p="),
                zone);

        DomainRecord published = Json.decode(KafkaTestClient.await(Topics.DOMAINS,
                r -> name.equals(r.key()) && r.value() != null, 1, WAIT).get(0).value(), DomainRecord.class, 1);
        assertEquals(name, published.name());
        assertTrue(published.accepted());

        as(BOOTSTRAP).delete("/v1/domains/" + name).then().statusCode(204);
        as(BOOTSTRAP).get("/v1/domains/" + name).then().statusCode(404).contentType("application/problem+json");
        as(BOOTSTRAP).delete("/v1/domains/" + name).then().statusCode(404);
        assertNull(KafkaTestClient.await(Topics.DOMAINS, r -> name.equals(r.key()) && r.value() == null, 1, WAIT)
                .get(0).value(), "a tombstone removes the domain");
    }

    @Test
    void aStoredDomainSendsOnlyOnceItsDkimIsVerifiedAndItsSignaturesVerifyThroughThePublishedRecords()
            throws Exception {
        Assumptions.assumeTrue(KnotDnsResource.available(), KnotServer.MISSING);
        String name = newDomain();
        create(name);
        String token = key(List.of(name), null);
        String marker = UUID.randomUUID().toString();
        // sent before its records are verified: egress fails it, naming what to publish, never sends it unsigned
        JsonPath early = awaitStatus(token, send(mail("App <app@" + name + ">", marker)), "failed");
        assertTrue(early.getString("failure").contains("mr" + MONTH + "r._domainkey." + name), early.prettify());
        assertTrue(early.getString("failure").contains("/verify"), early.prettify());

        JsonPath before = verify(name);
        assertEquals(List.of("missing", "missing", "missing", "missing", "missing"), before.getList("records.status"));
        assertEquals(false, before.getBoolean("can_send"));

        KnotDnsResource.publish(zone(name)); // the zone rendering loads into a real server as it is
        JsonPath after = verify(name);
        assertEquals(List.of("found", "found", "found", "found", "found"), after.getList("records.status"),
                after.prettify());
        assertEquals(true, after.getBoolean("dkim_verified"));
        assertEquals(true, after.getBoolean("can_send"));

        String id = send(mail("App <app@" + name + ">", marker));
        awaitStatus(token, id, "delivered");
        SmtpPeersResource.Received received = SmtpPeersResource.containing(marker).get(0);
        List<String> verdicts = KnotDnsResource.verifyThroughDns(received.data());
        assertEquals("signatures 2", verdicts.get(0), String.join("\n", verdicts));
        assertTrue(verdicts.stream().filter(l -> l.startsWith("sig ")).allMatch(l -> l.contains(" " + name + " pass")),
                String.join("\n", verdicts));
        assertTrue(received.text().contains("s=mr" + MONTH + "e;") && received.text().contains("s=mr" + MONTH + "r;"),
                "signed with the domain's stored keys");
    }

    @Test
    void rotationPublishesNewSelectorsFirstAndRetiresTheOldOnes() throws Throwable {
        Assumptions.assumeTrue(KnotDnsResource.available(), KnotServer.MISSING);
        String name = newDomain();
        create(name);
        KnotDnsResource.publish(zone(name));
        verify(name);

        JsonPath rotated = as(BOOTSTRAP).post("/v1/domains/" + name + "/rotate-dkim").then().statusCode(200)
                .extract().jsonPath();
        String r1 = "mr" + MONTH + "r";
        String e1 = "mr" + MONTH + "e";
        String r2 = r1 + "2";
        String e2 = e1 + "2";
        assertEquals(List.of(r1, e1, r2, e2), rotated.getList("keys.selector"));
        assertEquals(List.of("retiring", "retiring", "active", "active"), rotated.getList("keys.status"));
        assertEquals(List.of(true, true, false, false), rotated.getList("keys.signing"),
                "the old keys sign until the new records are seen in DNS");
        assertEquals(4, rotated.getList("records.purpose").stream().filter("dkim"::equals).count(),
                "old and new selectors are both published");
        assertEquals(true, rotated.getBoolean("can_send"));

        String token = key(List.of(name), null);
        String before = UUID.randomUUID().toString();
        awaitStatus(token, send(mail("app@" + name, before)), "delivered");
        String text = SmtpPeersResource.containing(before).get(0).text();
        assertEquals(List.of(e1, r1), selectors(text));

        KnotDnsResource.publish(zone(name));
        JsonPath verified = verify(name);
        assertEquals(List.of(false, false, true, true), verified.getList("keys.signing"));
        String after = UUID.randomUUID().toString();
        awaitStatus(token, send(mail("app@" + name, after)), "delivered");
        SmtpPeersResource.Received received = SmtpPeersResource.containing(after).get(0);
        assertEquals(List.of(e2, r2), selectors(received.text()));
        List<String> verdicts = KnotDnsResource.verifyThroughDns(received.data());
        assertTrue(verdicts.stream().filter(l -> l.startsWith("sig ")).allMatch(l -> l.contains(" pass")),
                String.join("\n", verdicts));

        VertxContextSupport.subscribeAndAwait(() -> domains.retireBefore(Instant.now().plusSeconds(1)));
        JsonPath retired = get(name);
        assertEquals(List.of("retired", "retired", "active", "active"), retired.getList("keys.status"));
        assertEquals(2, retired.getList("records.purpose").stream().filter("dkim"::equals).count(),
                "retired selectors are no longer published");
        assertEquals(true, retired.getBoolean("can_send"));
    }

    @Test
    void aRecordThatBreaksIsFoundByTheReverificationAndReportedAsAnEvent() throws Throwable {
        Assumptions.assumeTrue(KnotDnsResource.available(), KnotServer.MISSING);
        String name = newDomain();
        create(name);
        String zone = zone(name);
        KnotDnsResource.publish(zone);
        assertEquals(true, verify(name).getBoolean("can_send"));

        KnotDnsResource.publish(zone.lines().filter(l -> !l.startsWith("_dmarc."))
                .collect(java.util.stream.Collectors.joining("\n")));
        int verified = VertxContextSupport.subscribeAndAwait(
                () -> domains.reverifyBefore(Instant.now().plusSeconds(1)));
        assertTrue(verified >= 1);
        JsonPath view = get(name);
        assertEquals("missing", view.getString("records.find { it.purpose == 'dmarc' }.status"));
        assertEquals(true, view.getBoolean("can_send"), "DKIM is still verified");

        MailroomEvent event = Json.decode(KafkaTestClient.await(Topics.EVENTS,
                r -> name.equals(r.key()), 1, WAIT).get(0).value(), MailroomEvent.class, MailroomEvent.VERSION);
        assertEquals("domain.record-broken", event.type());
        assertEquals("egress-sender", event.service());
        assertEquals(Map.of("domain", name, "purpose", "dmarc", "name", "_dmarc." + name, "type", "TXT",
                "status", "missing"), event.detail());
    }

    @Test
    void recordsArePublishedByDnsUpdateOnlyWhenTheyDifferAndAgainAfterARotation() {
        Assumptions.assumeTrue(KnotDnsResource.available(), KnotServer.MISSING);
        String name = newDomain();
        create(name);
        as(BOOTSTRAP).post("/v1/domains/" + name + "/publish").then().statusCode(409)
                .contentType("application/problem+json");
        as(BOOTSTRAP).body(Map.of("server", "not a server", "zone", "elsewhere.example", "key_name", "k",
                "key_secret", "c2hvcnQ=")).put("/v1/domains/" + name + "/dns-update").then().statusCode(422)
                .body("errors.field", org.hamcrest.Matchers.hasItems("server", "zone", "key_secret"));

        Map<String, Object> config = Map.of("server", KnotDnsResource.address(), "zone", "test",
                "key_name", KnotServer.UPDATE_KEY, "key_secret", KnotDnsResource.UPDATE_SECRET);
        JsonPath configured = as(BOOTSTRAP).body(config).put("/v1/domains/" + name + "/dns-update").then()
                .statusCode(200).extract().jsonPath();
        assertEquals("hmac-sha256", configured.getString("dns_update.key_algorithm"));
        assertNull(configured.get("dns_update.key_secret"), "the secret is never shown");
        assertEquals("changed", configured.getString("dns_update.last_publication.status"));
        assertEquals(5, configured.getList("dns_update.last_publication.changes").size(),
                configured.prettify());
        JsonPath verified = verify(name);
        assertEquals(List.of("found", "found", "found", "found", "found"), verified.getList("records.status"));
        assertEquals(true, verified.getBoolean("can_send"));

        as(BOOTSTRAP).post("/v1/domains/" + name + "/publish").then().statusCode(200)
                .body("status", equalTo("unchanged"));

        as(BOOTSTRAP).post("/v1/domains/" + name + "/rotate-dkim").then().statusCode(200)
                .body("dns_update.last_publication.status", equalTo("changed"))
                .body("dns_update.last_publication.changes.size()", equalTo(2));
        JsonPath afterRotation = verify(name);
        assertEquals(7, afterRotation.getList("records.status").stream().filter("found"::equals).count(),
                afterRotation.prettify());
        assertEquals(List.of(false, false, true, true), afterRotation.getList("keys.signing"),
                "published automatically, so the new keys sign at once");

        as(BOOTSTRAP).body(Map.of("server", KnotDnsResource.address(), "zone", "test", "key_name",
                KnotServer.UPDATE_KEY, "key_secret", java.util.Base64.getEncoder().encodeToString(new byte[32])))
                .put("/v1/domains/" + name + "/dns-update").then().statusCode(200)
                .body("dns_update.last_publication.status", equalTo("failed"))
                .body("dns_update.last_publication.error", containsString("TSIG"));
        as(BOOTSTRAP).post("/v1/domains/" + name + "/publish").then().statusCode(502)
                .contentType("application/problem+json").body("detail", containsString("TSIG"));
        as(BOOTSTRAP).delete("/v1/domains/" + name + "/dns-update").then().statusCode(204);
        as(BOOTSTRAP).post("/v1/domains/" + name + "/publish").then().statusCode(409);
    }

    private static List<String> selectors(String message) {
        Matcher m = Pattern.compile("DKIM-Signature:[^\\n]*?(?:\\r\\n[ \\t][^\\n]*?)*?\\bs=([a-z0-9]+);")
                .matcher(message);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
