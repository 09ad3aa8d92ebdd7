package dev.mailroom.egress.messaging;

import java.util.List;
import java.util.Map;

import org.subethamail.wiser.Wiser;
import org.subethamail.wiser.WiserMessage;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real SMTP server (SubEthaSMTP's Wiser) on a free port as the smarthost. It refuses any recipient whose local
 * part starts with {@code reject} (a permanent 5xx).
 */
public class SmtpSinkResource implements QuarkusTestResourceLifecycleManager {

    private static Wiser wiser;

    @Override
    public Map<String, String> start() {
        wiser = Wiser.accepter((from, rcpt) -> !rcpt.startsWith("reject")).port(0);
        wiser.start();
        return Map.of("mailroom.egress.smarthost", "127.0.0.1:" + wiser.getServer().getPortAllocated());
    }

    @Override
    public void stop() {
        if (wiser != null) {
            wiser.stop();
        }
    }

    static List<WiserMessage> messages() {
        return wiser.getMessages();
    }
}
