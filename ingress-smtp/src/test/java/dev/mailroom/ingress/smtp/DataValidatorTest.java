package dev.mailroom.ingress.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class DataValidatorTest {

    private static String reason(String content, boolean eightBitDeclared) {
        return DataValidator.check(content.getBytes(StandardCharsets.ISO_8859_1), eightBitDeclared).reason();
    }

    @Test
    void cleanCrLfMessageIsAccepted() {
        assertEquals("accepted", reason("Subject: x\r\n\r\nbody\r\n", false));
        assertEquals("accepted", reason("", false));
        assertEquals("accepted", reason("Subject: x\r\n\r\nno final newline", false));
    }

    @Test
    void bareLfAndBareCrAreFoundAnywhere() {
        assertEquals("bare-lf", reason("Subject: x\r\n\r\na\n.\nb\r\n", false));
        assertEquals("bare-lf", reason("\n", false));
        assertEquals("bare-lf", reason("Subject: x\r\n\r\na\r\n.\nb\r\n", false));
        assertEquals("bare-cr", reason("Subject: x\r\n\r\na\r.\rb\r\n", false));
        assertEquals("bare-cr", reason("Subject: x\r\n\r\nends in CR\r", false));
        assertEquals("bare-cr", reason("a\r\r\n", false));
        assertEquals("bare-lf", reason("a\r\n\n", false));
    }

    @Test
    void bareLineEndingWinsOverEveryOtherFinding() {
        assertEquals("bare-lf", reason("X: " + "a".repeat(2000) + "\0\u00e9\r\n\r\nb\n", false));
    }

    @Test
    void nulWinsOverLongHeaderAndEightBit() {
        assertEquals("nul-byte", reason("X: " + "a".repeat(2000) + "\r\n\r\n\0\u00e9\r\n", false));
    }

    @Test
    void headerLinesAreLimitedTo998OctetsBodyLinesAreNot() {
        String at998 = "X: " + "a".repeat(995);
        assertEquals("accepted", reason(at998 + "\r\n\r\n" + "b".repeat(5000) + "\r\n", false));
        assertEquals("header-line-too-long", reason(at998 + "a\r\n\r\nbody\r\n", false));
        assertEquals("header-line-too-long", reason(at998 + "a", false));
        assertEquals("header-line-too-long", reason("Subject: x\r\n" + at998 + "a\r\n\r\n", false));
    }

    @Test
    void eightBitNeedsADeclaration() {
        assertEquals("8bit-undeclared", reason("Subject: caf\u00e9\r\n\r\n", false));
        assertEquals("accepted", reason("Subject: caf\u00e9\r\n\r\n", true));
    }

    @Test
    void mailParametersDeclaringEightBitAreRecognised() {
        assertEquals(true, SmtpCommands.declaresEightBit("MAIL FROM:<a@b.example> BODY=8BITMIME"));
        assertEquals(true, SmtpCommands.declaresEightBit("mail from:<a@b.example> size=10 smtputf8"));
        assertEquals(false, SmtpCommands.declaresEightBit("MAIL FROM:<a@b.example> BODY=7BIT"));
        assertEquals(false, SmtpCommands.declaresEightBit("MAIL FROM:<a@b.example>"));
        assertEquals(false, SmtpCommands.declaresEightBit("MAIL FROM:<>"));
    }
}
