package dev.mailroom.sdk.examples;

import java.net.InetSocketAddress;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

import dev.mailroom.sdk.AgentAnswer;
import dev.mailroom.sdk.AgentDefinition;
import dev.mailroom.sdk.AgentEvent;
import dev.mailroom.sdk.AgentFunction;
import dev.mailroom.sdk.AgentWebhooks;
import dev.mailroom.sdk.Mailroom;

/**
 * An echo-style webhook agent on the JDK's {@code com.sun.net.httpserver}: every email gets a reply quoting it, and
 * the instance counts the messages in its state. {@link AgentWebhooks#httpHandler} verifies the signature, decodes
 * the event and answers.
 * <pre>
 * MAILROOM_AGENT_SECRET=change-me-0123456789 PORT=8787 java -cp mailroom-sdk.jar:. EchoAgentServer
 * </pre>
 * With {@code MAILROOM_REGISTER=1} (and {@code MAILROOM_API_KEY}, an admin key) it registers itself as the webhook
 * class {@code JavaEcho} (addresses {@code javaecho+<instance>@<your agent domain>}) at
 * {@code MAILROOM_AGENT_URL} (default {@code http://127.0.0.1:<PORT>/agent}).
 */
public final class EchoAgentServer {

    /** The agent: a reply quoting the message, and a count in the state; a schedule event is ignored. */
    public static final AgentFunction ECHO = EchoAgentServer::answer;

    private EchoAgentServer() {
    }

    static AgentAnswer answer(AgentEvent event) {
        if (!event.isEmail()) {
            return null; // nothing to do: answered {}
        }
        Long count = event.state().longValue("count");
        long n = count == null ? 1 : count + 1;
        return AgentAnswer.create()
                .reply("Echo (" + n + "): " + (event.text() == null ? "" : event.text().strip()))
                .state(Map.of("count", n));
    }

    /** Serves the agent at {@code /agent} on 127.0.0.1:{@code port} (0: any free port). */
    public static HttpServer start(int port, String secret) throws java.io.IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/agent", AgentWebhooks.httpHandler(secret, ECHO));
        server.start();
        return server;
    }

    public static void main(String[] args) throws Exception {
        String secret = System.getenv("MAILROOM_AGENT_SECRET");
        if (secret == null || secret.length() < 16) {
            System.err.println("set MAILROOM_AGENT_SECRET (at least 16 characters)");
            System.exit(2);
        }
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8787"));
        HttpServer server = start(port, secret);
        String url = System.getenv().getOrDefault("MAILROOM_AGENT_URL",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/agent");
        System.out.println("echo agent listening at " + url);
        if ("1".equals(System.getenv("MAILROOM_REGISTER"))) {
            Mailroom mr = Mailroom.builder().build();
            mr.agents().create(AgentDefinition.webhook("JavaEcho", url, secret).withAddresses("javaecho"));
            System.out.println("registered the webhook class JavaEcho");
        }
    }
}
