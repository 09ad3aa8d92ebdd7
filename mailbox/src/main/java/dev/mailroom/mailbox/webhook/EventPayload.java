package dev.mailroom.mailbox.webhook;

import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mailroom.contract.Json;

/**
 * The JSON of a customer event, the same for webhooks and the stream: {@code {type, timestamp, data}}. Over the size
 * cap, the message bodies ({@code data.text}, {@code data.html}) are dropped, {@code data.truncated} is true and
 * {@code data.link} points at the message ({@code /v1/messages/{id}}). Pure logic.
 */
public final class EventPayload {

    private EventPayload() {
    }

    public static byte[] body(String eventId, String type, Instant at, String data, String messageId, int max) {
        try {
            ObjectNode root = Json.mapper().createObjectNode();
            root.put("type", type);
            root.put("timestamp", at.toString());
            JsonNode tree = Json.mapper().readTree(data);
            root.set("data", tree);
            byte[] bytes = Json.mapper().writeValueAsBytes(root);
            if (bytes.length <= max || !(tree instanceof ObjectNode d)) {
                return bytes;
            }
            d.remove("text");
            d.remove("html");
            d.put("truncated", true);
            if (messageId != null) {
                d.put("link", "/v1/messages/" + messageId);
            }
            return Json.mapper().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event data is not JSON: " + eventId, e);
        }
    }
}
