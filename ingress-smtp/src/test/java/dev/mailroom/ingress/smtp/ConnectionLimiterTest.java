package dev.mailroom.ingress.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class ConnectionLimiterTest {

    @Test
    void perIpLimitRefusesTheNextSessionFromThatAddressOnly() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(10, 2, new SmtpMetrics(new SimpleMeterRegistry(), "mx"));
        InetAddress a = InetAddress.getByName("192.0.2.1");
        assertTrue(limiter.admit(a).accepted());
        assertTrue(limiter.admit(a).accepted());
        SmtpOutcome refused = limiter.admit(a);
        assertEquals(421, refused.code());
        assertEquals("4.7.0", refused.enhancedCode());
        assertEquals("too-many-connections-per-ip", refused.reason());
        assertTrue(limiter.admit(InetAddress.getByName("192.0.2.2")).accepted());
    }

    @Test
    void overallLimitIsCheckedFirst() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(2, 1, new SmtpMetrics(new SimpleMeterRegistry(), "mx"));
        assertTrue(limiter.admit(InetAddress.getByName("192.0.2.1")).accepted());
        assertTrue(limiter.admit(InetAddress.getByName("192.0.2.2")).accepted());
        assertEquals("too-many-connections", limiter.admit(InetAddress.getByName("192.0.2.1")).reason());
        assertEquals("421 4.7.0 Too many connections, try again later".substring(4),
                limiter.admit(InetAddress.getByName("192.0.2.3")).replyText());
    }
}
