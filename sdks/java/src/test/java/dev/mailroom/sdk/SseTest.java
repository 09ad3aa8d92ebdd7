package dev.mailroom.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SseTest {

    static Sse sse(String text) {
        return new Sse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsIdsNamesAndMultiLineDataSkippingComments() throws Exception {
        Sse s = sse(": keep-alive\n\nid: 7\nevent: message.sent\ndata: {\"a\":\ndata:1}\nretry: 1000\n\n"
                + "data: second\r\n\r\n");
        Sse.Event a = s.next();
        assertEquals("7", a.id());
        assertEquals("message.sent", a.event());
        assertEquals("{\"a\":\n1}", a.data());
        Sse.Event b = s.next();
        assertNull(b.id(), "an id is per event here");
        assertEquals("second", b.data());
        assertNull(s.next());
    }

    @Test
    void anEventCutOffAtTheEndIsNotDispatchedNorAnEventWithoutData() throws Exception {
        Sse s = sse("id: 1\n\nid: 2\ndata: {\"complete\":true}\n\nid: 3\ndata: {\"cut");
        assertEquals("2", s.next().id());
        assertNull(s.next());
    }
}
