package dev.mailroom.agenthost.agents;

import static dev.mailroom.agenthost.TestMail.instance;
import static dev.mailroom.agenthost.TestMail.publish;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mailroom.agenthost.TestMail;
import dev.mailroom.contract.ParsedMessage;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.extract.TestDocuments;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Agents read attachments' text through {@code attachment.text()}, through the real host. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class AttachmentTextFlowTest {

    @Test
    void anAgentReadsAPdfAttachmentsText() {
        RoutedEmail email = withAttachments(TestMail.routed("Reader", instance("r"), "the report"),
                carried("report.pdf", TestDocuments.PDF, TestDocuments.pdf("Quarterly revenue 42 million")),
                carried("notes.docx", TestDocuments.DOCX, TestDocuments.docx("Meet on Friday")));
        publish(email);
        assertEquals("report.pdf: Quarterly revenue 42 million\nnotes.docx: Meet on Friday", replyText(email));
    }

    @Test
    void hostileOrUncarriedAttachmentsGiveNoTextAndTheMessageIsStillHandled() {
        RoutedEmail email = withAttachments(TestMail.routed("Reader", instance("h"), "bad files"),
                carried("bomb.docx", TestDocuments.DOCX, TestDocuments.zipBombDocx(200L << 20)),
                carried("cut.docx", TestDocuments.DOCX, TestDocuments.truncatedDocx(0.5)),
                new ParsedMessage.Attachment("big.pdf", TestDocuments.PDF, 30L << 20, "00", null, null));
        publish(email);
        assertEquals("bomb.docx: (no text)\ncut.docx: (no text)\nbig.pdf: (no text)", replyText(email));
    }

    @Test
    void aClassWithAttachmentTextSwitchedOffGetsNone() {
        RoutedEmail email = withAttachments(TestMail.routed("BlindReader", instance("b"), "the report"),
                carried("report.pdf", TestDocuments.PDF, TestDocuments.pdf("not for this class")));
        publish(email);
        assertEquals("report.pdf: (no text)", replyText(email));
    }

    /** The agent's reply as written (the host sends CRLF line ends). */
    private static String replyText(RoutedEmail email) {
        return TestMail.causedBy(email.id()).text().replace("\r\n", "\n").strip();
    }

    private static ParsedMessage.Attachment carried(String filename, String type, byte[] bytes) {
        try {
            return new ParsedMessage.Attachment(filename, type, bytes.length,
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), null,
                    Base64.getEncoder().encodeToString(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RoutedEmail withAttachments(RoutedEmail r, ParsedMessage.Attachment... attachments) {
        ParsedMessage m = r.message();
        ParsedMessage with = new ParsedMessage(m.messageId(), m.inReplyTo(), m.references(), m.from(), m.replyTo(),
                m.to(), m.cc(), m.subject(), m.date(), m.text(), m.html(), List.of(attachments), m.threadId(),
                m.replyText(), m.autoReply(), m.routingHeaders());
        return new RoutedEmail(r.v(), r.id(), r.inboundId(), r.recipient(), r.agent(), r.route(), r.mailFrom(),
                r.clientIp(), r.receivedAt(), with, r.authentication());
    }
}
