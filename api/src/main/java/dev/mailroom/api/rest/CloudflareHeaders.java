package dev.mailroom.api.rest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Cloudflare Email Sending's header allowlist for the {@code headers} object of {@code send}, as Cloudflare documents
 * it (email-service/reference/headers): platform headers and first-class fields are refused, listed headers and
 * {@code X-} headers pass in their canonical casing, with the same limits and value rules. Pure logic.
 *
 * <p>Two allowlisted headers are first-class fields in Mailroom: {@code In-Reply-To} and {@code References} become the
 * send's {@code in_reply_to} and {@code references} (Mailroom writes those fields itself). One allowlisted header is
 * refused because Mailroom writes every {@code Content-*} field itself: {@code Content-Language}.
 */
public final class CloudflareHeaders {

    /** Cloudflare's string codes (the Workers API's), named in the reason of each refusal. */
    public static final String NOT_ALLOWED = "E_HEADER_NOT_ALLOWED";
    public static final String USE_API_FIELD = "E_HEADER_USE_API_FIELD";
    public static final String VALUE_INVALID = "E_HEADER_VALUE_INVALID";
    public static final String VALUE_TOO_LONG = "E_HEADER_VALUE_TOO_LONG";
    public static final String NAME_INVALID = "E_HEADER_NAME_INVALID";
    public static final String TOO_LARGE = "E_HEADERS_TOO_LARGE";
    public static final String TOO_MANY = "E_HEADERS_TOO_MANY";

    static final int MAX_NAME_BYTES = 100;
    static final int MAX_VALUE_BYTES = 2048;
    static final int MAX_ALLOWLISTED = 20;
    static final int MAX_TOTAL_BYTES = 16 * 1024;

    /** The allowlist, by lower-case name, with its canonical casing. */
    private static final Map<String, String> ALLOWED = canonical("In-Reply-To", "References", "List-Unsubscribe",
            "List-Unsubscribe-Post", "List-Id", "List-Archive", "List-Help", "List-Owner", "List-Post",
            "List-Subscribe", "Precedence", "Auto-Submitted", "Content-Language", "Keywords", "Comments",
            "Importance", "Priority", "Sensitivity", "Organization", "Require-Recipient-Valid-Since", "Expires",
            "Reply-By", "Archived-At");

    /** Written by the platform: refused with {@link #NOT_ALLOWED}. */
    private static final Set<String> PLATFORM = Set.of("date", "message-id", "mime-version", "content-type",
            "content-transfer-encoding", "dkim-signature", "return-path", "received", "feedback-id", "tls-required",
            "tls-report-domain", "tls-report-submitter", "cfbl-address", "cfbl-feedback-id");

    /** First-class fields of the request, by lower-case header name: refused with {@link #USE_API_FIELD}. */
    private static final Map<String, String> API_FIELDS = Map.of("from", "from", "to", "to", "cc", "cc", "bcc",
            "bcc", "subject", "subject", "reply-to", "reply_to");

    /** Allowed values of the enumerated headers (compared ignoring case). */
    private static final Map<String, Set<String>> VALUES = Map.of(
            "precedence", Set.of("bulk", "list", "junk"),
            "auto-submitted", Set.of("auto-generated", "auto-replied", "auto-notified"),
            "importance", Set.of("high", "normal", "low"),
            "priority", Set.of("normal", "non-urgent", "urgent"),
            "sensitivity", Set.of("personal", "private", "company-confidential"));

    private static final Pattern ALLOWLISTED_NAME = Pattern.compile("[A-Za-z0-9-]+");
    private static final Pattern X_NAME = Pattern.compile("[Xx]-[A-Za-z0-9_-]+");
    private static final Pattern UNSUBSCRIBE_URI = Pattern.compile("<(https://[^<>\\s]+|mailto:[^<>\\s]+)>");
    private static final String ONE_CLICK = "List-Unsubscribe=One-Click";

    private CloudflareHeaders() {
    }

    /** One refused header: its name as sent, Cloudflare's string code, and why. */
    public record Refusal(String header, String code, String reason) {
    }

    /**
     * What the headers become: {@code headers} in canonical casing (without the two that are fields), the
     * {@code In-Reply-To} and {@code References} values (null when absent), and the refusals (empty when all pass).
     */
    public record Result(Map<String, String> headers, String inReplyTo, String references, List<Refusal> refusals) {

        public boolean ok() {
            return refusals.isEmpty();
        }
    }

    /** Checks {@code headers} (may be null) against the allowlist and its limits. */
    public static Result check(Map<String, String> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        List<Refusal> refusals = new ArrayList<>();
        String inReplyTo = null;
        String references = null;
        if (headers == null || headers.isEmpty()) {
            return new Result(out, null, null, refusals);
        }
        int allowlisted = 0;
        long total = 0;
        Map<String, String> byLowerName = new TreeMap<>();
        for (Map.Entry<String, String> e : headers.entrySet()) {
            String name = e.getKey();
            String value = e.getValue();
            String lower = name.toLowerCase(Locale.ROOT);
            String refusal = nameProblem(name, lower);
            String code = refusal == null ? null : NAME_INVALID;
            if (refusal == null && (PLATFORM.contains(lower) || lower.startsWith("arc-"))) {
                code = NOT_ALLOWED;
                refusal = "Header '" + name + "' is not allowed. It is auto-generated by the platform.";
            } else if (refusal == null && API_FIELDS.containsKey(lower)) {
                code = USE_API_FIELD;
                refusal = "Header '" + name + "' must be set via the '" + API_FIELDS.get(lower)
                        + "' API field, not the 'headers' object.";
            } else if (refusal == null && !ALLOWED.containsKey(lower) && !X_NAME.matcher(name).matches()) {
                code = NOT_ALLOWED;
                refusal = "Header '" + name + "' is not allowed: only the allowlisted headers and X- headers may be"
                        + " set.";
            } else if (refusal == null && lower.equals("content-language")) {
                code = NOT_ALLOWED;
                refusal = "Header 'Content-Language' is not supported by Mailroom, which writes every Content-*"
                        + " field itself.";
            }
            if (refusal == null) {
                String[] valueRefusal = valueProblem(name, lower, value);
                if (valueRefusal != null) {
                    code = valueRefusal[0];
                    refusal = valueRefusal[1];
                }
            }
            if (refusal != null) {
                refusals.add(new Refusal(name, code, refusal));
                continue;
            }
            String canonical = ALLOWED.getOrDefault(lower, name);
            if (byLowerName.put(lower, name) != null) {
                refusals.add(new Refusal(name, VALUE_INVALID,
                        "Header '" + canonical + "' is given more than once (names are case-insensitive)."));
                continue;
            }
            if (ALLOWED.containsKey(lower)) {
                allowlisted++;
            }
            total += utf8(name) + 2 + utf8(value) + 2;
            switch (lower) {
                case "in-reply-to" -> inReplyTo = value.strip();
                case "references" -> references = value.strip();
                default -> out.put(canonical, value);
            }
        }
        if (out.containsKey("List-Unsubscribe-Post") && !httpsUnsubscribe(out.get("List-Unsubscribe"))) {
            refusals.add(new Refusal("List-Unsubscribe-Post", VALUE_INVALID,
                    "Header 'List-Unsubscribe-Post' requires a List-Unsubscribe header with an HTTPS URI."));
        }
        if (allowlisted > MAX_ALLOWLISTED) {
            refusals.add(new Refusal("", TOO_MANY, allowlisted + " allowlisted headers provided, maximum is "
                    + MAX_ALLOWLISTED + "."));
        }
        if (total > MAX_TOTAL_BYTES) {
            refusals.add(new Refusal("", TOO_LARGE, "Total custom headers payload (" + total
                    + " bytes) exceeds 16KB limit."));
        }
        return new Result(out, inReplyTo, references, refusals);
    }

    private static String nameProblem(String name, String lower) {
        if (name.isEmpty() || utf8(name) > MAX_NAME_BYTES) {
            return "Header name '" + name + "' must be 1 to " + MAX_NAME_BYTES + " bytes.";
        }
        boolean x = lower.startsWith("x-");
        if (!(x ? X_NAME : ALLOWLISTED_NAME).matcher(name).matches()) {
            return "Header name '" + name + "' contains invalid characters.";
        }
        return null;
    }

    /** {code, reason} when the value is refused, else null. */
    private static String[] valueProblem(String name, String lower, String value) {
        if (value == null || value.isBlank()) {
            return new String[] { VALUE_INVALID, "Header '" + name + "' must have a value." };
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            return new String[] { VALUE_INVALID, "Header '" + name + "' must not contain CR or LF." };
        }
        if (utf8(value) > MAX_VALUE_BYTES) {
            return new String[] { VALUE_TOO_LONG, "Header '" + name + "' value exceeds " + MAX_VALUE_BYTES
                    + " byte limit." };
        }
        Set<String> allowed = VALUES.get(lower);
        if (allowed != null && !allowed.contains(value.strip().toLowerCase(Locale.ROOT))) {
            return new String[] { VALUE_INVALID, "Header '" + ALLOWED.get(lower) + "' must be one of "
                    + String.join(", ", new java.util.TreeSet<>(allowed)) + "." };
        }
        if (lower.equals("list-unsubscribe") && !unsubscribeUris(value)) {
            return new String[] { VALUE_INVALID,
                    "Header 'List-Unsubscribe' must contain angle-bracket HTTPS or mailto URI(s)." };
        }
        if (lower.equals("list-unsubscribe-post") && !value.strip().equals(ONE_CLICK)) {
            return new String[] { VALUE_INVALID, "Header 'List-Unsubscribe-Post' must be exactly '" + ONE_CLICK
                    + "'." };
        }
        return null;
    }

    /** A comma-separated list of {@code <https://...>} or {@code <mailto:...>}, nothing else. */
    private static boolean unsubscribeUris(String value) {
        for (String part : value.split(",", -1)) {
            if (!UNSUBSCRIBE_URI.matcher(part.strip()).matches()) {
                return false;
            }
        }
        return true;
    }

    private static boolean httpsUnsubscribe(String value) {
        return value != null && value.contains("<https://");
    }

    private static int utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static Map<String, String> canonical(String... names) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String n : names) {
            out.put(n.toLowerCase(Locale.ROOT), n);
        }
        return Map.copyOf(out);
    }
}
