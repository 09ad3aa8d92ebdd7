package dev.mailroom.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortTest {

    @Test
    void readsTheKernelsEphemeralRange() {
        // Debian's default is 32768; any Linux answers a value above the ports freePort picks from.
        assertTrue(StackSupport.ephemeralLow() > StackSupport.LOWEST_PORT, "ephemeral low " + StackSupport.ephemeralLow());
    }

    @Test
    void portsComeFromBelowTheEphemeralRangeAndAreNeverHandedOutTwice() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = StackSupport.freePort();
            assertTrue(port >= StackSupport.LOWEST_PORT && port < StackSupport.ephemeralLow(), "port " + port);
            ports.add(port);
        }
        assertEquals(50, ports.size());
    }
}
