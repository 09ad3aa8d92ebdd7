package dev.mailroom.mailbox.rest;

import java.util.Map;

import dev.mailroom.stack.RestartableKafka;

/**
 * A broker of the test class's own, which the test stops and starts again, and short producer timeouts on the
 * replies' channel (2 s) so a stopped broker shows at once.
 */
public class StoppableKafka extends RestartableKafka {

    @Override
    protected Map<String, String> settings() {
        return Map.of("mailroom.mailbox.send-timeout", "2s",
                "mp.messaging.outgoing.outbound-send.request.timeout.ms", "2000",
                "mp.messaging.outgoing.outbound-send.delivery.timeout.ms", "2000",
                "mp.messaging.outgoing.outbound-send.max.block.ms", "2000");
    }
}
