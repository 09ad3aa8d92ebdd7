package dev.mailroom.router.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The new text of a reply: the plain text without quoted history and signature. Line based, on LF text (see
 * {@link UntrustedText#clean}):
 * <ul>
 * <li>lines quoted with {@code >} are dropped wherever they are (inline answers between quotes are kept);</li>
 * <li>everything from the first history marker on is cut: an attribution line ("On &lt;date&gt;, &lt;name&gt;
 * wrote:", also wrapped over two lines, and the German, French, Spanish, Italian, Portuguese, Dutch, Swedish,
 * Danish/Norwegian forms; a bare "&lt;name&gt; wrote:" only when quoted lines follow), an
 * "-----Original Message-----" separator (and translations), an Outlook header block ("From:" followed by two of
 * "Sent:", "Date:", "To:", "Subject:", "Cc:" or their translations, optionally under a rule of underscores), a
 * Gmail, Thunderbird or Apple Mail forwarded-message marker; lines longer than 400 characters are never
 * markers;</li>
 * <li>everything after a signature separator, the line {@code "-- "} (RFC 3676), is cut;</li>
 * <li>leading and trailing blank lines are removed.</li>
 * </ul>
 * A message that only forwards or quotes yields the empty string.
 */
public final class ReplyTextExtractor {

    /** Longer lines are never markers; this also bounds the regex work per line. */
    private static final int MAX_MARKER_LINE = 400;

    private static final Pattern QUOTED = Pattern.compile("^[ \\t]*>.*");

    /** One-line attribution: "On ... wrote:" and its translations. */
    private static final Pattern ATTRIBUTION = Pattern.compile(
            "^[ \\t]*(On\\s.+\\swrote|Am\\s.+\\sschrieb.*|Le\\s.+\\sa\\s+écrit|El\\s.+\\sescribió|"
                    + "Il\\s.+\\sha\\s+scritto|Em\\s.+\\sescreveu|Op\\s.+\\sschreef.*|Den\\s.+\\sskrev.*|"
                    + "Den\\s.+\\sskreiv.*)\\s*:[ \\t]*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** "&lt;name&gt; wrote:" without a date: history only when quoted lines follow. */
    private static final Pattern WEAK_ATTRIBUTION = Pattern.compile(
            "^.+\\s(wrote|schrieb|a\\s+écrit|escribió|ha\\s+scritto|escreveu|schreef|skrev)\\s*:[ \\t]*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** First line of an attribution wrapped over two lines. */
    private static final Pattern ATTRIBUTION_START = Pattern.compile(
            "^[ \\t]*(On|Am|Le|El|Il|Em|Op|Den)\\s.*\\d.*$", Pattern.UNICODE_CASE);

    /** Second line of a wrapped attribution. */
    private static final Pattern ATTRIBUTION_END = Pattern.compile(
            "^.*(wrote|schrieb|a\\s+écrit|escribió|ha\\s+scritto|escreveu|schreef|skrev|skreiv)[^:]*:[ \\t]*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** Separators that open quoted or forwarded history. */
    private static final Pattern SEPARATOR = Pattern.compile(
            "^[ \\t]*(-{2,}\\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|"
                    + "Messaggio originale|Mensagem original|Oorspronkelijk bericht|Forwarded message|"
                    + "Forwarded Message|Weitergeleitete Nachricht|Message transféré)\\s*-{2,}"
                    + "|Begin forwarded message:|Anfang der weitergeleiteten Nachricht:|Début du message réexpédié :?)"
                    + "[ \\t]*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** Outlook's underscore rule that precedes its header block. */
    private static final Pattern UNDERSCORES = Pattern.compile("^[ \\t]*_{10,}[ \\t]*$");

    private static final Pattern HEADER_FROM = Pattern.compile(
            "^[ \\t]*\\*?(From|Von|De|Da|Van|Från|Fra)\\*?:\\s*\\S.*$", Pattern.CASE_INSENSITIVE);

    private static final Pattern HEADER_OTHER = Pattern.compile(
            "^[ \\t]*\\*?(Sent|Date|To|Subject|Cc|Gesendet|Datum|An|Betreff|Envoyé|Date|À|Objet|Enviado|Fecha|Para|"
                    + "Asunto|Inviato|Oggetto|A|Verzonden|Aan|Onderwerp|Skickat|Till|Ämne|Sendt|Til|Emne)\\*?:.*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private ReplyTextExtractor() {
    }

    /** The reply text of {@code text}; null when {@code text} is null. */
    public static String extract(String text) {
        if (text == null) {
            return null;
        }
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        int end = historyStart(lines);
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            if (lines[i].equals("-- ")) {
                break;
            }
            if (!QUOTED.matcher(lines[i]).matches()) {
                kept.add(lines[i].stripTrailing());
            }
        }
        int from = 0;
        int to = kept.size();
        while (from < to && kept.get(from).isBlank()) {
            from++;
        }
        while (to > from && kept.get(to - 1).isBlank()) {
            to--;
        }
        return String.join("\n", kept.subList(from, to));
    }

    /** Index of the first line of quoted or forwarded history, {@code lines.length} when none. */
    private static int historyStart(String[] lines) {
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.length() > MAX_MARKER_LINE) {
                continue;
            }
            if (ATTRIBUTION.matcher(line).matches() || SEPARATOR.matcher(line).matches()) {
                return i;
            }
            if (WEAK_ATTRIBUTION.matcher(line).matches() && nextNonBlankIsQuoted(lines, i + 1)) {
                return i;
            }
            if (i + 1 < lines.length && lines[i + 1].length() <= MAX_MARKER_LINE
                    && ATTRIBUTION_START.matcher(line).matches()
                    && !line.trim().endsWith(".") && ATTRIBUTION_END.matcher(lines[i + 1]).matches()) {
                return i;
            }
            if (HEADER_FROM.matcher(line).matches() && isHeaderBlock(lines, i)) {
                return i > 0 && UNDERSCORES.matcher(lines[i - 1]).matches() ? i - 1 : i;
            }
            if (UNDERSCORES.matcher(line).matches() && i + 1 < lines.length
                    && HEADER_FROM.matcher(lines[i + 1]).matches() && isHeaderBlock(lines, i + 1)) {
                return i;
            }
        }
        return lines.length;
    }

    private static boolean nextNonBlankIsQuoted(String[] lines, int from) {
        for (int i = from; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                return QUOTED.matcher(lines[i]).matches();
            }
        }
        return false;
    }

    /** A "From:" line followed, within four lines, by at least two other header-like lines. */
    private static boolean isHeaderBlock(String[] lines, int from) {
        int headers = 0;
        for (int i = from + 1; i < Math.min(lines.length, from + 6) && headers < 2; i++) {
            if (lines[i].length() <= MAX_MARKER_LINE && HEADER_OTHER.matcher(lines[i]).matches()) {
                headers++;
            } else if (!lines[i].isBlank()) {
                break;
            }
        }
        return headers >= 2;
    }
}
