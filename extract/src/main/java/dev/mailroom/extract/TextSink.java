package dev.mailroom.extract;

import java.io.Writer;

/**
 * Where every reader writes its text: bounded in characters, checked against the deadline and the thread's interrupt
 * on every write, and cleaned on the way in (CR LF and CR become LF; C0 controls other than tab and LF, DEL, C1
 * controls, bidirectional overrides and isolates, and BOMs are dropped; at most one blank line in a row).
 */
final class TextSink {

    /** Thrown into the reader when the text reached its bound: the text so far is the result. */
    static final class Full extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Full() {
            super("text bound reached", null, false, false);
        }
    }

    /** Thrown into the reader when the deadline passed or the thread was interrupted. */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped(String why) {
            super(why, null, false, false);
        }
    }

    private final StringBuilder out = new StringBuilder();
    private final int maxChars;
    private final long deadline;
    private boolean truncated;
    private String note;
    private boolean lastCr;

    TextSink(int maxChars, long deadlineNanos) {
        this.maxChars = maxChars;
        this.deadline = deadlineNanos;
    }

    /** Stops the reader when the time is up or the thread was interrupted. */
    void check() {
        if (Thread.currentThread().isInterrupted()) {
            throw new Stopped("interrupted");
        }
        if (System.nanoTime() - deadline > 0) {
            throw new Stopped("time limit reached");
        }
    }

    void append(CharSequence s) {
        if (s != null) {
            for (int i = 0; i < s.length(); i++) {
                put(s.charAt(i));
            }
        }
        check();
    }

    void append(char[] chars, int off, int len) {
        for (int i = off; i < off + len; i++) {
            put(chars[i]);
        }
        check();
    }

    /** Ends the current line unless the text is empty or already at a line start. */
    void endLine() {
        int len = out.length();
        if (len > 0 && out.charAt(len - 1) != '\n') {
            put('\n');
        }
    }

    /** A blank line (a paragraph or page break) unless there is one already. */
    void blankLine() {
        endLine();
        put('\n');
    }

    /** Marks the text as cut by a bound other than characters (pages), with why. */
    void truncate(String why) {
        truncated = true;
        note = why;
    }

    boolean truncated() {
        return truncated;
    }

    String note() {
        return note;
    }

    /** The text, trailing whitespace removed. */
    String text() {
        int end = out.length();
        while (end > 0 && Character.isWhitespace(out.charAt(end - 1))) {
            end--;
        }
        return out.substring(0, end);
    }

    private void put(char c) {
        if (c == '\r') {
            lastCr = true;
            c = '\n';
        } else if (c == '\n' && lastCr) {
            lastCr = false;
            return;
        } else {
            lastCr = false;
        }
        if (dropped(c)) {
            return;
        }
        int len = out.length();
        if (c == '\n') {
            if (len == 0 || (len >= 2 && out.charAt(len - 1) == '\n' && out.charAt(len - 2) == '\n')) {
                return;
            }
        }
        if (len >= maxChars) {
            truncated = true;
            note = "text cut at " + maxChars + " characters";
            throw new Full();
        }
        out.append(c);
    }

    static boolean dropped(char c) {
        if (c < 0x20) {
            return c != '\t' && c != '\n';
        }
        return (c >= 0x7f && c <= 0x9f) || c == '\u200e' || c == '\u200f' || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069') || c == '\ufeff';
    }

    /** A {@link Writer} onto this sink (PDFBox writes through one). */
    Writer writer() {
        return new Writer() {
            @Override
            public void write(char[] cbuf, int off, int len) {
                TextSink.this.append(cbuf, off, len);
            }

            @Override
            public void write(String str, int off, int len) {
                TextSink.this.append(str.subSequence(off, off + len));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }
}
