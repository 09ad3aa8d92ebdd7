package dev.mailroom.platform.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.mailroom.contract.AgentRecord;
import dev.mailroom.contract.DomainRecord;
import dev.mailroom.contract.Json;

/** Applying records to a table, without a broker. */
class TopicTableTest {

    private static TopicTable<DomainRecord> domains() {
        return new TopicTable<>("127.0.0.1:1", "t", "c",
                v -> Json.decode(v, DomainRecord.class, DomainRecord.VERSION), k -> k.toLowerCase(Locale.ROOT));
    }

    @Test
    void recordsAddTombstonesRemoveGarbageAndKeylessRecordsAreIgnored() {
        TopicTable<DomainRecord> table = domains();
        List<String> changes = new ArrayList<>();
        table.addListener((k, before, after) -> changes.add(k + ":" + (before != null) + ">" + (after != null)));
        assertFalse(table.loaded());
        table.apply("Store.Test", Json.encode(DomainRecord.accepted("store.test", Instant.now())));
        table.apply("b.test", Json.encode(DomainRecord.accepted("b.test", Instant.now())));
        table.apply("b.test", "{not json".getBytes());
        table.apply(null, Json.encode(DomainRecord.accepted("d.test", Instant.now())));
        assertTrue(table.get("STORE.test").isPresent());
        assertEquals(Set.of("store.test", "b.test"), table.snapshot().keySet());
        table.apply("store.test", null);
        table.apply("never.test", null);
        assertEquals(Set.of("b.test"), table.snapshot().keySet(), "garbage keeps the previous value");
        assertEquals(List.of("store.test:false>true", "b.test:false>true", "store.test:true>false"), changes,
                "a tombstone for an absent key is no change");
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() {
        TopicTable<DomainRecord> table = domains();
        List<String> seen = new ArrayList<>();
        table.addListener((k, b, a) -> {
            throw new IllegalStateException("boom");
        });
        table.addListener((k, b, a) -> seen.add(k));
        table.apply("a.test", Json.encode(DomainRecord.accepted("a.test", Instant.now())));
        assertEquals(List.of("a.test"), seen);
    }

    @Test
    void theAgentIndexGivesEachAddressToTheFirstClassByName() {
        Map<String, String> index = AgentTable.index(Map.of(
                "Zed", AgentRecord.of("Zed", List.of("help", "zed"), AgentRecord.JAVA, Instant.now()),
                "Alpha", AgentRecord.of("Alpha", List.of("Help", "alpha"), AgentRecord.WEBHOOK, Instant.now())));
        assertEquals(Map.of("help", "Alpha", "alpha", "Alpha", "zed", "Zed"), index);
    }
}
