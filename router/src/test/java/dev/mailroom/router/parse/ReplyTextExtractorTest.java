package dev.mailroom.router.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReplyTextExtractorTest {

    @Test
    void gmailReplyLosesAttributionAndQuote() {
        String text = """
                Sounds good, see you then.

                Ann

                On Mon, Nov 23, 2026 at 10:00 AM Bob Example <bob@example.org> wrote:

                > Shall we meet on Tuesday?
                >
                > Bob
                >
                """;
        assertEquals("Sounds good, see you then.\n\nAnn", ReplyTextExtractor.extract(text));
    }

    @Test
    void attributionWrappedOverTwoLinesIsRecognised() {
        String text = """
                Tuesday is fine.

                On Mon, Nov 23, 2026 at 10:00 AM Bob Example with a Long Name <
                bob.example.with.a.long.name@example.org> wrote:
                > Shall we meet?
                """;
        assertEquals("Tuesday is fine.", ReplyTextExtractor.extract(text));
    }

    @Test
    void outlookOriginalMessageBlockIsCut() {
        String text = """
                Please find the numbers below.

                Regards,
                Carol

                -----Original Message-----
                From: Bob Example <bob@example.org>
                Sent: Monday, November 23, 2026 10:00 AM
                To: Carol <carol@example.org>
                Subject: numbers

                Can you send the numbers?
                """;
        assertEquals("Please find the numbers below.\n\nRegards,\nCarol", ReplyTextExtractor.extract(text));
    }

    @Test
    void outlookHeaderBlockWithoutSeparatorIsCut() {
        String text = """
                Approved.

                ________________________________
                From: Bob Example <bob@example.org>
                Sent: Monday, November 23, 2026 10:00
                To: Carol <carol@example.org>
                Subject: budget

                Please approve the budget.
                """;
        assertEquals("Approved.", ReplyTextExtractor.extract(text));
    }

    @Test
    void germanOutlookHeaderBlockIsCut() {
        String text = """
                Passt.

                Von: Bob Beispiel <bob@example.org>
                Gesendet: Montag, 23. November 2026 10:00
                An: Carol <carol@example.org>
                Betreff: Termin

                Passt Dienstag?
                """;
        assertEquals("Passt.", ReplyTextExtractor.extract(text));
    }

    @Test
    void appleMailReplyAndSignatureAreCut() {
        String text = """
                Thanks, received.

                --\s
                Ann Example
                ACME Corp

                > On 23. Nov 2026, at 10:00, Bob <bob@example.org> wrote:
                >
                > Here is the file.
                """;
        assertEquals("Thanks, received.", ReplyTextExtractor.extract(text));
    }

    @Test
    void thunderbirdGermanAndFrenchAttributionsAreCut() {
        assertEquals("Ja.", ReplyTextExtractor.extract("""
                Ja.

                Am 23.11.26 um 10:00 schrieb Bob Beispiel:
                > Kommst du?
                """));
        assertEquals("Oui.", ReplyTextExtractor.extract("""
                Oui.

                Le 23/11/2026 à 10:00, Bob Exemple a écrit :
                > Tu viens ?
                """));
    }

    @Test
    void inlineAnswersBetweenQuotesAreKept() {
        String text = """
                > Can you come on Tuesday?
                Yes.
                > And bring the slides?
                Sure, I'll bring them.
                """;
        assertEquals("Yes.\nSure, I'll bring them.", ReplyTextExtractor.extract(text));
    }

    @Test
    void gmailAndAppleForwardMarkersCutTheForwardedMessage() {
        assertEquals("FYI, see below.", ReplyTextExtractor.extract("""
                FYI, see below.

                ---------- Forwarded message ---------
                From: Bob <bob@example.org>
                Date: Mon, Nov 23, 2026 at 10:00 AM
                Subject: news
                To: <ann@example.org>

                The news.
                """));
        assertEquals("Have a look.", ReplyTextExtractor.extract("""
                Have a look.

                Begin forwarded message:

                From: Bob <bob@example.org>
                Subject: news
                """));
        assertEquals("", ReplyTextExtractor.extract("""
                -------- Forwarded Message --------
                Subject: news
                """));
    }

    @Test
    void signatureSeparatorMustBeExactlyDashDashSpace() {
        assertEquals("Price: 10 -- 20 EUR\n--\nnot a signature",
                ReplyTextExtractor.extract("Price: 10 -- 20 EUR\n--\nnot a signature\n"));
        assertEquals("Hello", ReplyTextExtractor.extract("Hello\n-- \nAnn\n"));
    }

    @Test
    void wroteWithoutDateCountsOnlyWhenQuotesFollow() {
        assertEquals("This is what she wrote:\nthe plan is fine.",
                ReplyTextExtractor.extract("This is what she wrote:\nthe plan is fine.\n"));
        assertEquals("Agreed.", ReplyTextExtractor.extract("Agreed.\n\nBob Example wrote:\n> the plan\n"));
    }

    @Test
    void textWithoutHistoryIsKeptAndNullStaysNull() {
        assertEquals("Just a note.\n\nSecond paragraph.",
                ReplyTextExtractor.extract("\n\nJust a note.\n\nSecond paragraph.\n\n"));
        assertNull(ReplyTextExtractor.extract(null));
    }

    @Test
    void hugeLinesAreHandledInLinearTime() {
        String line = "Am 1 " + " schrieb x".repeat(300_000);
        String text = line + "\n" + line + "\n";
        long start = System.nanoTime();
        assertEquals(text.strip(), ReplyTextExtractor.extract(text));
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "took too long");
    }
}
