package dev.mailroom.mailbox.service;

import dev.mailroom.mail.html.HtmlText;

/** The short preview of a message's text shown in lists: about 200 characters, whitespace collapsed. */
public final class Snippets {

    public static final int MAX_CHARS = 200;

    private Snippets() {
    }

    /** The snippet of a message with {@code text} (may be null) and {@code html} (used when there is no text). */
    public static String of(String text, String html) {
        String source = text;
        if ((source == null || source.isBlank()) && html != null) {
            source = HtmlText.toText(html.length() > 65_536 ? html.substring(0, 65_536) : html, false);
        }
        if (source == null) {
            return "";
        }
        String head = source.length() > MAX_CHARS * 8 ? source.substring(0, MAX_CHARS * 8) : source;
        String flat = head.replaceAll("\\s+", " ").strip();
        if (flat.length() <= MAX_CHARS) {
            return flat;
        }
        int cut = MAX_CHARS;
        if (Character.isHighSurrogate(flat.charAt(cut - 1))) {
            cut--;
        }
        return flat.substring(0, cut).stripTrailing() + "…";
    }
}
