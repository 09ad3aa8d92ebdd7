package dev.mailroom.agenthost.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.mail.token.ReplyToken;

class MessageIdsTest {

    private static final ReplyToken.Keys KEYS = new ReplyToken.Keys(Map.of("k1", new byte[32]), "k1");
    private static final MessageIds IDS = new MessageIds(KEYS, true);
    private static final AgentRef AGENT = new AgentRef("Support", "t-1");
    private static final Instant CAUSE = Instant.parse("2026-12-07T03:00:00.123456Z");

    private static OutboundRequest request(String id, String to) {
        return new OutboundRequest(OutboundRequest.VERSION, id, EmailAddress.of("support+t-1@Agents.Test"),
                List.of(EmailAddress.of(to)), null, null, null, "s", "t", null, null, null, null, AGENT, "in.0",
                CAUSE.plusSeconds(7));
    }

    private static ReplyToken.Verification verify(String messageId, String sender) {
        return ReplyToken.verify(KEYS, messageId, "agents.test", sender, CAUSE.plusSeconds(60), Duration.ofDays(30),
                false);
    }

    @Test
    void theSameCauseMintsTheSameSignedMessageIdBoundToTheFirstRecipient() {
        String first = IDS.mint(request("s1", "ann@example.org"), CAUSE).messageId();
        assertEquals(first, IDS.mint(request("s1", "ann@example.org"), CAUSE).messageId(), "a re-run: the same id");
        ReplyToken.Verification.Valid valid = assertInstanceOf(ReplyToken.Verification.Valid.class,
                verify(first, "ann@example.org"));
        assertEquals(AGENT, valid.agent());
        assertEquals(Instant.parse("2026-12-07T03:00:00Z"), valid.issued(), "issued at the cause, not the request");
        assertEquals(new ReplyToken.Verification.Invalid("bad-signature"), verify(first, "eve@example.org"));
    }

    @Test
    void aReplyAndANewMessageOfOneCallGetDifferentMessageIds() {
        assertNotEquals(IDS.mint(request("s1", "ann@example.org"), CAUSE).messageId(),
                IDS.mint(request("s2", "bob@example.org"), CAUSE).messageId());
    }

    @Test
    void withoutASigningKeyOrAnAgentTheMessageIdIsPlain() {
        MessageIds unsigned = new MessageIds(new ReplyToken.Keys(Map.of(), null), true);
        assertEquals("s1@agents.test", unsigned.mint(request("s1", "ann@example.org"), CAUSE).messageId());
    }

    @Test
    void anApprovedDraftKeepsItsMessageIdUnlessItsCorrespondentChanged() {
        OutboundRequest held = IDS.mint(request("d1", "ann@example.org"), CAUSE);
        Instant created = CAUSE.plusSeconds(30);
        assertEquals(held.messageId(), IDS.approved(held, request("d1", "ANN@example.org"), created).messageId());
        String rebound = IDS.approved(held, request("d1", "bob@example.org"), created).messageId();
        assertNotEquals(held.messageId(), rebound);
        assertInstanceOf(ReplyToken.Verification.Valid.class, verify(rebound, "bob@example.org"));
        OutboundRequest old = request("d2", "ann@example.org"); // held before Message-IDs were minted here
        assertEquals(IDS.mint(old, created).messageId(), IDS.approved(old, old, created).messageId());
    }
}
