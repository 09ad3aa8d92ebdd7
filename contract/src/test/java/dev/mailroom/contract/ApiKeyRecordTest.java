package dev.mailroom.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class ApiKeyRecordTest {

    @Test
    void roundTripsWithSnakeCaseFieldsAndNormalisedLists() {
        ApiKeyRecord record = ApiKeyRecord.of("k1", "ci", "AB".repeat(32), List.of("Send", "read", "send"),
                List.of("Mail.Example", "mail.example"), 60, Instant.parse("2026-12-07T06:00:00Z"));
        assertEquals("ab".repeat(32), record.secretSha256());
        assertEquals(List.of("send", "read"), record.permissions());
        assertEquals(List.of("mail.example"), record.domains());
        String json = new String(Json.encode(record), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"secret_sha256\":\"" + "ab".repeat(32) + "\""), json);
        assertTrue(json.contains("\"rate_per_minute\":60"), json);
        assertTrue(json.contains("\"created_at\":\"2026-12-07T06:00:00Z\""), json);
        assertTrue(json.contains("\"v\":1"), json);
        assertFalse(json.contains("token"), json);
        assertEquals(record, Json.decode(json.getBytes(StandardCharsets.UTF_8), ApiKeyRecord.class,
                ApiKeyRecord.VERSION));
    }

    @Test
    void aRecordWithoutHashOrOfANewerVersionIsRefused() {
        assertThrows(ContractException.class, () -> Json.decode("{\"v\":1,\"id\":\"k\"}"
                .getBytes(StandardCharsets.UTF_8), ApiKeyRecord.class, ApiKeyRecord.VERSION));
        assertThrows(ContractException.class, () -> Json.decode(("{\"v\":2,\"id\":\"k\",\"secret_sha256\":\"00\"}")
                .getBytes(StandardCharsets.UTF_8), ApiKeyRecord.class, ApiKeyRecord.VERSION));
    }
}
