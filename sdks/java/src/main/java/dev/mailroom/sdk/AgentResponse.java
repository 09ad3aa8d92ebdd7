package dev.mailroom.sdk;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The HTTP answer to give the agent host: status, headers and body (JSON, or problem+json on failure). */
public record AgentResponse(int status, Map<String, String> headers, byte[] body) {

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
