package dev.mailroom.router.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class InflightLimitTest {

    @Test
    void admitsUpToTheLimitAtOnceThenInArrivalOrderAsPlacesFree() {
        InflightLimit limit = new InflightLimit(2);
        List<String> admitted = new ArrayList<>();
        limit.acquire().subscribe().with(x -> admitted.add("a"));
        limit.acquire().subscribe().with(x -> admitted.add("b"));
        limit.acquire().subscribe().with(x -> admitted.add("c"));
        limit.acquire().subscribe().with(x -> admitted.add("d"));
        assertEquals(List.of("a", "b"), admitted);
        assertEquals(2, limit.inflight());
        assertEquals(2, limit.waiting());

        limit.release();
        assertEquals(List.of("a", "b", "c"), admitted, "the oldest waiter takes the freed place");
        assertEquals(2, limit.inflight());
        limit.release();
        limit.release();
        assertEquals(List.of("a", "b", "c", "d"), admitted);
        assertEquals(1, limit.inflight());
        limit.release();
        assertEquals(0, limit.inflight());
        assertEquals(0, limit.waiting());
    }

    @Test
    void releaseWithoutAcquireIsABug() {
        InflightLimit limit = new InflightLimit(1);
        assertThrows(IllegalStateException.class, limit::release);
        assertThrows(IllegalArgumentException.class, () -> new InflightLimit(0));
    }

    @Test
    void aWaiterIsNotAdmittedBeforeARelease() {
        InflightLimit limit = new InflightLimit(1);
        boolean[] second = { false };
        limit.acquire().await().indefinitely();
        limit.acquire().subscribe().with(x -> second[0] = true);
        assertFalse(second[0]);
        limit.release();
        assertTrue(second[0]);
    }
}
