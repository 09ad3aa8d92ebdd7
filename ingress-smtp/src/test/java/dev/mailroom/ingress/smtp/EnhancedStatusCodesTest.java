package dev.mailroom.ingress.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure rewrite of one reply line, and the stream that applies it line by line. */
class EnhancedStatusCodesTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // verb | line | expected
            "-        | 220 mailroom.localhost ESMTP Mailroom | 220 mailroom.localhost ESMTP Mailroom",
            "STARTTLS | 220 Ready to start TLS | 220 2.0.0 Ready to start TLS",
            "EHLO     | 250-mailroom.localhost | 250-mailroom.localhost",
            "EHLO     | 250 Ok | 250 Ok",
            "EHLO     | 501 Syntax: EHLO hostname | 501 Syntax: EHLO hostname",
            "HELO     | 250 mailroom.localhost | 250 mailroom.localhost",
            "MAIL     | 250 Ok | 250 2.1.0 Ok",
            "RCPT     | 250 Ok | 250 2.1.5 Ok",
            "RSET     | 250 Ok | 250 2.0.0 Ok",
            "NOOP     | 250 Ok | 250 2.0.0 Ok",
            "DATA     | 354 End data with <CR><LF>.<CR><LF> | 354 End data with <CR><LF>.<CR><LF>",
            "DATA     | 250 2.0.0 Ok: queued as abc | 250 2.0.0 Ok: queued as abc",
            "DATA     | 503 Error: need RCPT command | 503 5.5.1 Error: need RCPT command",
            "BDAT     | 250 Message OK, 10 bytes received | 250 2.0.0 Message OK, 10 bytes received",
            "QUIT     | 221 Bye | 221 2.0.0 Bye",
            "AUTH     | 334 VXNlcm5hbWU6 | 334 VXNlcm5hbWU6",
            "AUTH     | 235 Authentication successful. | 235 2.7.0 Authentication successful.",
            "AUTH     | 501 Authentication canceled by client. | 501 5.7.0 Authentication canceled by client.",
            "AUTH     | 504 The requested authentication mechanism is not supported | 504 5.5.4 The requested authentication mechanism is not supported",
            "-        | 500 Error: command not implemented | 500 5.5.2 Error: command not implemented",
            "-        | 501 Syntax error at character position 3. | 501 5.5.2 Syntax error at character position 3.",
            "MAIL     | 501 Syntax: MAIL FROM: <address> | 501 5.5.4 Syntax: MAIL FROM: <address>",
            "MAIL     | 553 <x> Invalid email address. | 553 5.1.7 <x> Invalid email address.",
            "MAIL     | 503 5.5.1 Sender already specified. | 503 5.5.1 Sender already specified.",
            "VRFY     | 502 VRFY command is disabled | 502 5.5.1 VRFY command is disabled",
            "HELP     | 504 HELP topic \"X\" unknown. | 504 5.5.4 HELP topic \"X\" unknown.",
            "HELP     | 214-This is Mailroom | 214-2.0.0 This is Mailroom",
            "RCPT     | 452 Error: too many recipients | 452 4.5.3 Error: too many recipients",
            "RSET     | 530 Must issue a STARTTLS command first | 530 5.7.0 Must issue a STARTTLS command first",
            "STARTTLS | 454 TLS not supported | 454 4.7.0 TLS not supported",
            "STARTTLS | 454 TLS not available due to temporary reason: TLS already active | 454 4.3.0 TLS not available due to temporary reason: TLS already active",
            "-        | 421 Timeout waiting for data from client. | 421 4.4.2 Timeout waiting for data from client.",
            "-        | 421 Too many connections, try again later | 421 4.7.0 Too many connections, try again later",
            "-        | 421 4.7.0 Too many commands before MAIL, closing connection | 421 4.7.0 Too many commands before MAIL, closing connection",
            "-        | 421 Something else | 421 4.3.0 Something else",
            "NOOP     | 250 | 250 2.0.0",
            "NOOP     | not a reply | not a reply",
            "NOOP     | 2500 Ok | 2500 Ok",
    })
    void rewrite(String verb, String line, String expected) {
        assertEquals(expected, EnhancedStatusCodes.rewrite(verb, line));
    }

    private static String filter(String verb, String... writes) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ReplyFilter.State state = new ReplyFilter.State();
        state.answering(verb);
        ReplyFilter filter = new ReplyFilter(sink, state);
        for (String w : writes) {
            filter.write(w.getBytes(StandardCharsets.ISO_8859_1));
            filter.flush();
        }
        return sink.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void multiLineReplyEveryLine() throws IOException {
        assertEquals("214-2.0.0 one\r\n214-2.0.0 two\r\n214 2.0.0 End\r\n",
                filter("HELP", "214-one\r\n214-two\r\n214 End\r\n"));
    }

    @Test
    void splitWritesAndFlushesHoldPartialLines() throws IOException {
        assertEquals("250 2.1.0 Ok\r\n", filter("MAIL", "2", "50", " O", "k\r", "\n"));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ReplyFilter.State state = new ReplyFilter.State();
        state.answering("RSET");
        ReplyFilter f = new ReplyFilter(sink, state);
        f.write("250 O".getBytes(StandardCharsets.ISO_8859_1));
        f.flush();
        assertEquals("", sink.toString(StandardCharsets.ISO_8859_1), "nothing of a partial line is sent");
        f.write("k\r\n".getBytes(StandardCharsets.ISO_8859_1));
        f.flush();
        assertEquals("250 2.0.0 Ok\r\n", sink.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void lineEndingsKeptAsTheyAre() throws IOException {
        assertEquals("250 2.0.0 Ok\n221 2.0.0 Bye\r\n", filter("QUIT", "250 Ok\n221 Bye\r\n"));
    }

    @Test
    void ehloReplyUntouched() throws IOException {
        String ehlo = "250-mailroom.localhost\r\n250-PIPELINING\r\n250-ENHANCEDSTATUSCODES\r\n250 Ok\r\n";
        assertEquals(ehlo, filter("EHLO", ehlo));
    }

    @Test
    void overlongLinePassedUnchanged() throws IOException {
        String line = "250 " + "x".repeat(ReplyFilter.MAX_LINE + 10) + "\r\n";
        assertEquals(line + "250 2.0.0 Ok\r\n", filter("NOOP", line, "250 Ok\r\n"));
    }

    @Test
    void closeSendsAPartialLine() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ReplyFilter f = new ReplyFilter(sink, new ReplyFilter.State());
        f.write("250 Ok".getBytes(StandardCharsets.ISO_8859_1));
        f.close();
        assertEquals("250 Ok", sink.toString(StandardCharsets.ISO_8859_1));
    }
}
