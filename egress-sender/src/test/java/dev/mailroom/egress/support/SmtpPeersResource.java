package dev.mailroom.egress.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Real SMTP servers (SubEthaSMTP) on a free port standing in for remote MX hosts; the recipient's domain picks
 * the behaviour, and egress reaches each domain through a transport override:
 * <ul>
 * <li>{@code accept.test}: accepts;</li>
 * <li>{@code flaky.test}: answers {@code 451 4.3.0} to a recipient's first RCPT, then accepts;</li>
 * <li>{@code bounce.test}: {@code 550 5.1.1} at RCPT (a hard bounce);</li>
 * <li>{@code policy.test}: {@code 554 5.7.1} at the end of DATA (a bounce that does not suppress);</li>
 * <li>{@code drop.test}: drops the connection at the end of DATA.</li>
 * </ul>
 */
public class SmtpPeersResource implements QuarkusTestResourceLifecycleManager {

    /** One message as the peer received it. */
    public record Received(String from, List<String> recipients, byte[] data) {
        public String text() {
            return new String(data, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    public static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static final Set<String> TRIED = ConcurrentHashMap.newKeySet();
    private static SMTPServer server;

    @Override
    public Map<String, String> start() {
        server = SMTPServer.port(0).hostName("peer.test").messageHandlerFactory(Handler::new).build();
        server.start();
        String target = "127.0.0.1:" + server.getPortAllocated();
        return Map.of(
                "mailroom.egress.transports.\"accept.test\"", target,
                "mailroom.egress.transports.\"flaky.test\"", target,
                "mailroom.egress.transports.\"bounce.test\"", target,
                "mailroom.egress.transports.\"policy.test\"", target,
                "mailroom.egress.transports.\"drop.test\"", target);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Messages that reached the peer and contain {@code marker}. */
    public static List<Received> containing(String marker) {
        return RECEIVED.stream().filter(r -> r.text().contains(marker)).toList();
    }

    private static final class Handler implements MessageHandler {
        private String from;
        private final List<String> recipients = new ArrayList<>();

        Handler(MessageContext context) {
        }

        @Override
        public void from(String from) {
            this.from = from;
        }

        @Override
        public void recipient(String recipient) throws RejectException {
            String domain = recipient.substring(recipient.lastIndexOf('@') + 1).toLowerCase();
            if (domain.equals("bounce.test")) {
                throw new RejectException(550, "5.1.1 no such user here");
            }
            if (domain.equals("flaky.test") && TRIED.add(recipient.toLowerCase())) {
                throw new RejectException(451, "4.3.0 try again later");
            }
            recipients.add(recipient);
        }

        @Override
        public String data(InputStream data) throws RejectException, IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            data.transferTo(out);
            if (recipients.stream().anyMatch(r -> r.endsWith("@drop.test"))) {
                throw new DropConnectionException(421, "4.4.2 closing (test peer drops the connection)");
            }
            if (recipients.stream().anyMatch(r -> r.endsWith("@policy.test"))) {
                throw new RejectException(554, "5.7.1 message refused by policy");
            }
            RECEIVED.add(new Received(from, List.copyOf(recipients), out.toByteArray()));
            return null;
        }

        @Override
        public void done() {
        }
    }
}
