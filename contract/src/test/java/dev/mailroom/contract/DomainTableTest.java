package dev.mailroom.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Applying records of mailroom.domains, without a broker. */
class DomainTableTest {

    private static ConsumerRecord<String, byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>(Topics.DOMAINS, 0, 0, key, value);
    }

    @Test
    void recordsAddTombstonesAndRefusalsRemoveGarbageIsIgnored() {
        DomainTable table = new DomainTable("127.0.0.1:1");
        assertFalse(table.loaded());
        table.apply(record("Store.Test", Json.encode(DomainRecord.accepted("store.test", Instant.now()))));
        table.apply(record("b.test", Json.encode(DomainRecord.accepted("b.test", Instant.now()))));
        table.apply(record("c.test", "{not json".getBytes()));
        table.apply(record(null, Json.encode(DomainRecord.accepted("d.test", Instant.now()))));
        assertTrue(table.accepts("STORE.test"));
        assertEquals(Set.of("store.test", "b.test"), table.domains());
        table.apply(record("store.test", null));
        table.apply(record("b.test", Json.encode(new DomainRecord(DomainRecord.VERSION, "b.test", false,
                Instant.now()))));
        assertEquals(Set.of(), table.domains());
    }
}
