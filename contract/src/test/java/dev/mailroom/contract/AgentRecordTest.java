package dev.mailroom.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class AgentRecordTest {

    @Test
    void roundTripsWithLowerCaseAddressesAndNoSecret() {
        AgentRecord record = AgentRecord.of("Triage", List.of("Triage", "help", "triage"), AgentRecord.WEBHOOK,
                Instant.parse("2026-12-07T00:00:00Z"));
        byte[] json = Json.encode(record);
        String text = new String(json, StandardCharsets.UTF_8);
        assertEquals("{\"v\":1,\"name\":\"Triage\",\"addresses\":[\"triage\",\"help\"],\"kind\":\"webhook\","
                + "\"updatedAt\":\"2026-12-07T00:00:00Z\"}", text);
        assertFalse(text.contains("secret"));
        assertEquals(record, Json.decode(json, AgentRecord.class, AgentRecord.VERSION));
    }

    @Test
    void aNewerVersionIsRefused() {
        ContractException e = assertThrows(ContractException.class, () -> Json.decode(
                "{\"v\":2,\"name\":\"X\"}".getBytes(StandardCharsets.UTF_8), AgentRecord.class, AgentRecord.VERSION));
        assertEquals("unsupported-version", e.reason());
    }
}
