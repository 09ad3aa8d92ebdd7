package dev.mailroom.api.rest;

import static dev.mailroom.api.support.Api.ADMIN;
import static dev.mailroom.api.support.Api.as;
import static dev.mailroom.api.support.Api.key;
import static io.restassured.RestAssured.given;
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

import jakarta.inject.Inject;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.mailroom.api.service.Domains;
import dev.mailroom.api.support.DomainsProfile;
import dev.mailroom.api.support.KnotDnsResource;
import dev.mailroom.api.support.KnotServer;
import dev.mailroom.contract.DomainRecord;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.contract.Topics;
import dev.mailroom.mail.dkim.DkimKey;
import dev.mailroom.mail.dkim.DkimSigner;
import dev.mailroom.mail.dkim.DkimVerifier;
import dev.mailroom.mail.dkim.SealedDkimKeys;
import dev.mailroom.mail.dns.DnsjavaResolver;
import dev.mailroom.platform.crypto.MasterKeys;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@TestProfile(DomainsProfile.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KnotDnsResource.class)
class DomainsApiTest {

    private static final String MONTH = String.format("%1$tY%1$tm", YearMonth.now(ZoneOffset.UTC).atDay(1));
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Domains domains;

    @Inject
    MasterKeys masterKeys;

    private static String newDomain() {
        return "shop-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    }

    private static JsonPath create(String name) {
        return as(ADMIN).body(Map.of("name", name)).post("/v1/domains").then().statusCode(201).extract()
                .jsonPath();
    }

    private static JsonPath get(String name) {
        return as(ADMIN).get("/v1/domains/" + name).then().statusCode(200).extract().jsonPath();
    }

    private static String zone(String name) {
        return as(ADMIN).get("/v1/domains/" + name + "/zone").then().statusCode(200)
                .contentType(containsString("text/plain")).extract().asString();
    }

    private static JsonPath verify(String name) {
        return as(ADMIN).post("/v1/domains/" + name + "/verify").then().statusCode(200).extract().jsonPath();
    }

    /** The latest record of {@code name} on mailroom.domains that {@code until} accepts. */
    private static DomainRecord record(String name, java.util.function.Predicate<DomainRecord> until) {
        DomainRecord[] last = new DomainRecord[1];
        org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> all = KafkaTestClient.readAll(
                    Topics.DOMAINS, Duration.ofMillis(300));
            last[0] = all.stream().filter(r -> name.equals(r.key())).reduce((a, b) -> b)
                    .map(r -> r.value() == null ? null : Json.decode(r.value(), DomainRecord.class, 1)).orElse(null);
            return last[0] != null && until.test(last[0]);
        });
        return last[0];
    }

    /** The record's sealed keys, opened with the api's master key. */
    private List<DkimKey> opened(DomainRecord record) throws Exception {
        List<DkimKey> out = new java.util.ArrayList<>();
        for (DomainRecord.DkimKeyRecord k : record.signingKeys()) {
            assertTrue(k.sealedPrivateKey().startsWith("v1:") && !k.sealedPrivateKey().contains("PRIVATE"),
                    "never in clear on Kafka");
            out.add(SealedDkimKeys.open(masterKeys.key().orElseThrow(), record.name(), k.selector(),
                    k.sealedPrivateKey()));
        }
        return out;
    }

    private static byte[] message(String domain, String marker) {
        return ("From: App <app@" + domain + ">\r\nTo: rcpt@accept.test\r\nSubject: Hello " + marker + "\r\n"
                + "Date: Mon, 07 Dec 2026 04:00:00 +0000\r\nMessage-ID: <" + marker + "@" + domain + ">\r\n\r\n"
                + "marker " + marker + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** mail's verifier, its key records looked up in the DNS server (the published records). */
    private static List<dev.mailroom.contract.Authentication.Dkim> verifyThroughDns(byte[] signed) {
        return new DkimVerifier(new DnsjavaResolver(List.of(KnotDnsResource.address()), Duration.ofSeconds(2)),
                java.time.Clock.systemUTC()).verify(signed);
    }

    @Test
    void aDomainIsCreatedWithItsKeysAndRecordsListedRenderedAndDeleted() {
        String name = newDomain();
        String given = name.toUpperCase();
        JsonPath created = as(ADMIN).body(Map.of("name", given)).post("/v1/domains").then().statusCode(201)
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

        as(ADMIN).body(Map.of("name", name)).post("/v1/domains").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString(name));
        as(ADMIN).body(Map.of("name", "bad_name.test")).post("/v1/domains").then().statusCode(422)
                .contentType("application/problem+json").body("errors[0].field", equalTo("name"));
        as(ADMIN).body(Map.of()).post("/v1/domains").then().statusCode(422).body("errors[0].field",
                equalTo("name"));
        as(ADMIN).body(Map.of("name", name, "nmae", "typo")).post("/v1/domains").then().statusCode(422)
                .body("errors[0].field", equalTo("nmae"));
        as(key(List.of("domains"), List.of(name))).body(Map.of("name", newDomain())).post("/v1/domains").then()
                .statusCode(403).contentType("application/problem+json");

        List<String> listed = as(ADMIN).get("/v1/domains?limit=200").then().statusCode(200).extract()
                .path("items.name");
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
        assertEquals(false, published.maySend());
        assertEquals(List.of("mr" + MONTH + "e", "mr" + MONTH + "r"),
                published.signingKeys().stream().map(DomainRecord.DkimKeyRecord::selector).toList(),
                "its signing keys, ed25519 first");
        assertEquals(List.of("ed25519-sha256", "rsa-sha256"),
                published.signingKeys().stream().map(DomainRecord.DkimKeyRecord::algorithm).toList());
        assertEquals(created.getString("records[3].value"), published.signingKeys().get(0).publicKey());

        as(ADMIN).delete("/v1/domains/" + name).then().statusCode(204);
        as(ADMIN).get("/v1/domains/" + name).then().statusCode(404).contentType("application/problem+json");
        as(ADMIN).delete("/v1/domains/" + name).then().statusCode(404);
        assertNull(KafkaTestClient.await(Topics.DOMAINS, r -> name.equals(r.key()) && r.value() == null, 1, WAIT)
                .get(0).value(), "a tombstone removes the domain");
    }

    @Test
    void aStoredDomainMaySendOnlyOnceItsDkimIsVerifiedAndItsPublishedKeysSignMailThatVerifiesThroughDns()
            throws Exception {
        Assumptions.assumeTrue(KnotDnsResource.available(), KnotServer.MISSING);
        String name = newDomain();
        create(name);
        DomainRecord unverified = record(name, r -> r.maySend() != null);
        assertEquals(false, unverified.maySend());
        assertTrue(unverified.refusal().contains("mr" + MONTH + "r._domainkey." + name)
                && unverified.refusal().contains("/verify"), unverified.refusal());
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> domains.sendingRefusal(name).isPresent());
        assertTrue(domains.sendingRefusal(name).get().contains("/verify"), "what the api's send path refuses with");

        JsonPath before = verify(name);
        assertEquals(List.of("missing", "missing", "missing", "missing", "missing"), before.getList("records.status"));
        assertEquals(false, before.getBoolean("can_send"));

        KnotDnsResource.publish(zone(name)); // the zone rendering loads into a real server as it is
        JsonPath after = verify(name);
        assertEquals(List.of("found", "found", "found", "found", "found"), after.getList("records.status"),
                after.prettify());
        assertEquals(true, after.getBoolean("dkim_verified"));
        assertEquals(true, after.getBoolean("can_send"));
        DomainRecord verified = record(name, r -> Boolean.TRUE.equals(r.maySend()));
        assertNull(verified.refusal());
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> domains.sendingRefusal(name).isEmpty());

        // what egress-sender does with the record: open the sealed keys, sign; the signatures verify through DNS
        String marker = UUID.randomUUID().toString();
        byte[] signed = new DkimSigner(java.time.Clock.systemUTC()).sign(message(name, marker), opened(verified));
        List<dev.mailroom.contract.Authentication.Dkim> results = verifyThroughDns(signed);
        assertEquals(2, results.size(), results::toString);
        assertTrue(results.stream().allMatch(r -> "pass".equals(r.result()) && name.equals(r.domain())),
                results::toString);
        List<String> verdicts = KnotDnsResource.verifyThroughDns(signed);
        assertEquals("signatures 2", verdicts.get(0), String.join("\n", verdicts));
        assertTrue(verdicts.stream().filter(l -> l.startsWith("sig ")).allMatch(l -> l.contains(" " + name + " pass")),
                String.join("\n", verdicts));
    }

    @Test
    void aKeyWithTheDomainsPermissionManagesItsOwnDomainsOnlyAndListsThemInPages() {
        String a = "a-" + newDomain();
        String b = "b-" + newDomain();
        String c = "c-" + newDomain();
        String own = key(List.of("domains"), List.of(a, b, c));
        as(own).body(Map.of("name", a)).post("/v1/domains").then().statusCode(201);
        as(own).body(Map.of("name", b)).post("/v1/domains").then().statusCode(201);
        create(c);
        String other = newDomain();
        create(other);

        JsonPath first = as(own).get("/v1/domains?limit=2").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(a, b), first.getList("items.name"));
        String token = first.getString("next_page_token");
        JsonPath second = as(own).queryParam("limit", 2).queryParam("page_token", token).get("/v1/domains")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(c), second.getList("items.name"));
        assertNull(second.get("next_page_token"), "the last page has no token");
        as(own).get("/v1/domains?page_token=garbage!").then().statusCode(422)
                .body("errors[0].field", equalTo("page_token"));
        as(own).get("/v1/domains?limit=0").then().statusCode(422).body("errors[0].field", equalTo("limit"));

        as(own).get("/v1/domains/" + other).then().statusCode(404).contentType("application/problem+json");
        as(own).post("/v1/domains/" + other + "/verify").then().statusCode(404);
        as(own).delete("/v1/domains/" + other).then().statusCode(404);
        as(ADMIN).get("/v1/domains/" + other).then().statusCode(200);

        String sendOnly = key(List.of("send", "read"), List.of(a));
        as(sendOnly).get("/v1/domains/" + a).then().statusCode(403).contentType("application/problem+json");
        as(sendOnly).get("/v1/domains").then().statusCode(403);
        as(sendOnly).body(Map.of("name", a)).post("/v1/domains").then().statusCode(403);
        given().get("/v1/domains").then().statusCode(401);

        as(own).delete("/v1/domains/" + b).then().statusCode(204);
        assertEquals(List.of(a, c), as(own).get("/v1/domains").then().statusCode(200).extract().jsonPath()
                .getList("items.name"));
    }

    @Test
    void rotationPublishesNewSelectorsFirstAndRetiresTheOldOnes() throws Throwable {
        Assumptions.assumeTrue(KnotDnsResource.available(), KnotServer.MISSING);
        String name = newDomain();
        create(name);
        KnotDnsResource.publish(zone(name));
        verify(name);

        JsonPath rotated = as(ADMIN).post("/v1/domains/" + name + "/rotate-dkim").then().statusCode(200)
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

        DomainRecord whileRotating = record(name, r -> r.signingKeys().size() == 2
                && r.signingKeys().get(0).selector().equals(e1) && Boolean.TRUE.equals(r.maySend()));
        assertEquals(List.of(e1, r1), selectors(whileRotating), "egress keeps signing with the published keys");

        KnotDnsResource.publish(zone(name));
        JsonPath verified = verify(name);
        assertEquals(List.of(false, false, true, true), verified.getList("keys.signing"));
        DomainRecord rotated2 = record(name, r -> r.signingKeys().get(0).selector().equals(e2));
        assertEquals(List.of(e2, r2), selectors(rotated2));
        byte[] signed = new DkimSigner(java.time.Clock.systemUTC()).sign(message(name, "rotated"), opened(rotated2));
        assertTrue(verifyThroughDns(signed).stream().allMatch(r -> "pass".equals(r.result())),
                "the new keys' signatures verify through DNS");

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

        List<MailroomEvent> events = KafkaTestClient.await(Topics.EVENTS, r -> name.equals(r.key()), 2, WAIT).stream()
                .map(r -> Json.decode(r.value(), MailroomEvent.class, MailroomEvent.VERSION)).toList();
        assertEquals(List.of("domain.verified", "domain.record-broken"), events.stream().map(MailroomEvent::type)
                .toList(), "the first verification made the domain verified; the second found a record broken");
        assertEquals(Map.of("domain", name, "dkimVerified", "true"), events.get(0).detail());
        MailroomEvent event = events.get(1);
        assertEquals("domain.record-broken", event.type());
        assertEquals("api", event.service());
        assertEquals(Map.of("domain", name, "purpose", "dmarc", "name", "_dmarc." + name, "type", "TXT",
                "status", "missing"), event.detail());
    }

    @Test
    void recordsArePublishedByDnsUpdateOnlyWhenTheyDifferAndAgainAfterARotation() {
        Assumptions.assumeTrue(KnotDnsResource.available(), KnotServer.MISSING);
        String name = newDomain();
        create(name);
        as(ADMIN).post("/v1/domains/" + name + "/publish").then().statusCode(409)
                .contentType("application/problem+json");
        as(ADMIN).body(Map.of("server", "not a server", "zone", "elsewhere.example", "key_name", "k",
                "key_secret", "c2hvcnQ=")).put("/v1/domains/" + name + "/dns-update").then().statusCode(422)
                .body("errors.field", org.hamcrest.Matchers.hasItems("server", "zone", "key_secret"));

        Map<String, Object> config = Map.of("server", KnotDnsResource.address(), "zone", "test",
                "key_name", KnotServer.UPDATE_KEY, "key_secret", KnotDnsResource.UPDATE_SECRET);
        JsonPath configured = as(ADMIN).body(config).put("/v1/domains/" + name + "/dns-update").then()
                .statusCode(200).extract().jsonPath();
        assertEquals("hmac-sha256", configured.getString("dns_update.key_algorithm"));
        assertNull(configured.get("dns_update.key_secret"), "the secret is never shown");
        assertEquals("changed", configured.getString("dns_update.last_publication.status"));
        assertEquals(5, configured.getList("dns_update.last_publication.changes").size(),
                configured.prettify());
        JsonPath verified = verify(name);
        assertEquals(List.of("found", "found", "found", "found", "found"), verified.getList("records.status"));
        assertEquals(true, verified.getBoolean("can_send"));

        as(ADMIN).post("/v1/domains/" + name + "/publish").then().statusCode(200)
                .body("status", equalTo("unchanged"));

        as(ADMIN).post("/v1/domains/" + name + "/rotate-dkim").then().statusCode(200)
                .body("dns_update.last_publication.status", equalTo("changed"))
                .body("dns_update.last_publication.changes.size()", equalTo(2));
        JsonPath afterRotation = verify(name);
        assertEquals(7, afterRotation.getList("records.status").stream().filter("found"::equals).count(),
                afterRotation.prettify());
        assertEquals(List.of(false, false, true, true), afterRotation.getList("keys.signing"),
                "published automatically, so the new keys sign at once");

        as(ADMIN).body(Map.of("server", KnotDnsResource.address(), "zone", "test", "key_name",
                KnotServer.UPDATE_KEY, "key_secret", java.util.Base64.getEncoder().encodeToString(new byte[32])))
                .put("/v1/domains/" + name + "/dns-update").then().statusCode(200)
                .body("dns_update.last_publication.status", equalTo("failed"))
                .body("dns_update.last_publication.error", containsString("TSIG"));
        as(ADMIN).post("/v1/domains/" + name + "/publish").then().statusCode(502)
                .contentType("application/problem+json").body("detail", containsString("TSIG"));
        as(ADMIN).delete("/v1/domains/" + name + "/dns-update").then().statusCode(204);
        as(ADMIN).post("/v1/domains/" + name + "/publish").then().statusCode(409);
    }

    private static List<String> selectors(DomainRecord record) {
        return record.signingKeys().stream().map(DomainRecord.DkimKeyRecord::selector).toList();
    }
}
