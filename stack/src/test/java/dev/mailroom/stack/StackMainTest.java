package dev.mailroom.stack;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class StackMainTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void topicsFailsWithinTimeoutWhenNoBroker() {
        String bootstrap = "127.0.0.1:" + StackSupport.freePort();
        long started = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> StackMain.run(new String[] {"topics", "--bootstrap", bootstrap, "--timeout", "3"}));
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        assertTrue(seconds < 15, "gave up after " + seconds + " s");
        assertTrue(e.getMessage().contains(bootstrap), e.getMessage());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(RuntimeException.class, () -> StackMain.run(new String[] {"nope"}));
        assertThrows(RuntimeException.class, () -> StackMain.run(new String[] {"kafka", "--data", "x"}));
        assertThrows(RuntimeException.class,
                () -> StackMain.run(new String[] {"postgres", "--data", "x", "--port", "70000"}));
        assertThrows(RuntimeException.class,
                () -> StackMain.run(new String[] {"topics", "--bootstrap", "h:1", "--bogus", "1"}));
    }
}
