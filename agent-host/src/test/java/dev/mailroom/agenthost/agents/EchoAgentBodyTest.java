package dev.mailroom.agenthost.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The echo's text: its first line says who answers and how often; the rest quotes the message. */
class EchoAgentBodyTest {

    @Test
    void quotedLinesNeverEndInWhiteSpaceSoTheReplyStays7bit() {
        String body = EchoAgent.body("t1", 2, "Hello\n\nsecond paragraph   \n\tindented\n");
        assertEquals("instance=t1 count=2\r\n\r\n> Hello\r\n>\r\n> second paragraph\r\n> \tindented\r\n", body);
    }

    @Test
    void aBlankMessageGetsTheFirstLineOnly() {
        assertEquals("instance=t2 count=1\r\n", EchoAgent.body("t2", 1, "  \n"));
    }
}
