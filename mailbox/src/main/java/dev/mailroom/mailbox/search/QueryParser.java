package dev.mailroom.mailbox.search;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mailroom.mailbox.search.SearchQuery.After;
import dev.mailroom.mailbox.search.SearchQuery.Before;
import dev.mailroom.mailbox.search.SearchQuery.Condition;
import dev.mailroom.mailbox.search.SearchQuery.Filename;
import dev.mailroom.mailbox.search.SearchQuery.Flag;
import dev.mailroom.mailbox.search.SearchQuery.Group;
import dev.mailroom.mailbox.search.SearchQuery.HasAttachment;
import dev.mailroom.mailbox.search.SearchQuery.In;
import dev.mailroom.mailbox.search.SearchQuery.Is;
import dev.mailroom.mailbox.search.SearchQuery.Label;
import dev.mailroom.mailbox.search.SearchQuery.Party;
import dev.mailroom.mailbox.search.SearchQuery.PartyField;
import dev.mailroom.mailbox.search.SearchQuery.Subject;
import dev.mailroom.mailbox.search.SearchQuery.Term;
import dev.mailroom.mailbox.search.SearchQuery.Text;

/**
 * Reads the Gmail-style query language of {@code GET /v1/threads?q=} (mailbox/README.md, Search): bare words and
 * {@code "quoted phrases"} (text anywhere in the message), operators {@code name:value} (a value may be quoted:
 * {@code from:"Ann Lee"}), {@code -} before a term negates it, {@code OR} between two terms makes either enough;
 * everything else must all hold. Pure: the time of {@code newer_than:}/{@code older_than:} is the {@code now}
 * given. What cannot be read is a {@link QuerySyntaxException} naming the token; terms without a letter or digit
 * ({@code -}, {@code !!}) are ignored, as the text search would ignore them.
 */
public final class QueryParser {

    /** Longest query accepted, in characters. */
    public static final int MAX_LENGTH = 1000;

    /** Most terms in one query. */
    public static final int MAX_TERMS = 50;

    /** The folders of {@code in:} (and of the {@code folder} parameter); {@code anywhere} means all of them. */
    public static final Set<String> FOLDERS = Set.of("inbox", "archive", "trash", "spam", "sent", "anywhere");

    private static final Set<String> OPERATORS = Set.of("from", "to", "cc", "subject", "has", "filename", "is",
            "label", "in", "before", "after", "newer_than", "older_than");

    private static final Pattern AGE = Pattern.compile("(\\d{1,5})([hdmy])");
    private static final Pattern DATE = Pattern.compile("(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})");
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    private QueryParser() {
    }

    /** One lexical token: an operator ({@code name} set), a word or a phrase; {@code raw} as written. */
    private record Token(String raw, boolean negated, String name, String value, boolean quoted) {

        boolean isOr() {
            return !negated && !quoted && name == null && "OR".equals(value);
        }
    }

    /** The query {@code q} means at {@code now}; an empty query (all messages) for null or blank. */
    public static SearchQuery parse(String q, Instant now) {
        if (q == null || q.isBlank()) {
            return new SearchQuery(List.of());
        }
        if (q.length() > MAX_LENGTH) {
            throw new QuerySyntaxException(q.substring(0, 20) + "…", "longer than " + MAX_LENGTH + " characters");
        }
        List<Token> tokens = lex(q);
        if (tokens.size() > MAX_TERMS) {
            throw new QuerySyntaxException(tokens.get(MAX_TERMS).raw(), "more than " + MAX_TERMS + " terms");
        }
        List<List<Condition>> groups = new ArrayList<>();
        boolean pendingOr = false;
        Token previous = null;
        for (Token token : tokens) {
            if (token.isOr()) {
                if (previous == null || pendingOr) {
                    throw new QuerySyntaxException(token.raw(), "OR needs a term on each side");
                }
                pendingOr = true;
                continue;
            }
            Condition condition = condition(token, now);
            if (pendingOr) {
                groups.get(groups.size() - 1).add(condition);
            } else {
                groups.add(new ArrayList<>(List.of(condition)));
            }
            pendingOr = false;
            previous = token;
        }
        if (pendingOr) {
            throw new QuerySyntaxException("OR", "OR needs a term on each side");
        }
        List<Group> kept = new ArrayList<>();
        for (List<Condition> group : groups) {
            // an ignored term ("!!") drops out; "x OR !!" is x
            List<Condition> conditions = group.stream().filter(c -> c.term() != null).toList();
            if (!conditions.isEmpty()) {
                kept.add(new Group(conditions));
            }
        }
        return new SearchQuery(kept);
    }

    private static List<Token> lex(String q) {
        List<Token> tokens = new ArrayList<>();
        int n = q.length();
        int i = 0;
        while (i < n) {
            while (i < n && Character.isWhitespace(q.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            boolean negated = false;
            if (q.charAt(i) == '-' && i + 1 < n && !Character.isWhitespace(q.charAt(i + 1))) {
                negated = true;
                i++;
            }
            if (q.charAt(i) == '"') {
                int close = q.indexOf('"', i + 1);
                if (close < 0) {
                    throw new QuerySyntaxException(q.substring(start), "unterminated quote");
                }
                tokens.add(new Token(q.substring(start, close + 1), negated, null, q.substring(i + 1, close), true));
                i = close + 1;
                continue;
            }
            int nameEnd = i;
            while (nameEnd < n && (Character.isLetter(q.charAt(nameEnd)) || q.charAt(nameEnd) == '_')) {
                nameEnd++;
            }
            if (nameEnd > i && nameEnd < n && q.charAt(nameEnd) == ':') {
                String name = q.substring(i, nameEnd).toLowerCase(Locale.ROOT);
                int v = nameEnd + 1;
                String value;
                boolean quoted = false;
                if (v < n && q.charAt(v) == '"') {
                    int close = q.indexOf('"', v + 1);
                    if (close < 0) {
                        throw new QuerySyntaxException(q.substring(start), "unterminated quote");
                    }
                    value = q.substring(v + 1, close);
                    quoted = true;
                    i = close + 1;
                } else {
                    int end = v;
                    while (end < n && !Character.isWhitespace(q.charAt(end))) {
                        end++;
                    }
                    value = q.substring(v, end);
                    i = end;
                }
                String raw = q.substring(start, i);
                boolean known = OPERATORS.contains(name);
                if (known || (!value.isEmpty() && !value.startsWith("//"))) {
                    if (!known) {
                        throw new QuerySyntaxException(raw,
                                "unknown operator " + name + ": (quote the term to search it as text)");
                    }
                    if (value.isBlank()) {
                        throw new QuerySyntaxException(raw, name + ": needs a value");
                    }
                    tokens.add(new Token(raw, negated, name, value.trim(), quoted));
                    continue;
                }
                // "Re:" or a URL: text
                tokens.add(new Token(raw, negated, null, negated ? raw.substring(1) : raw, false));
                continue;
            }
            int end = i;
            while (end < n && !Character.isWhitespace(q.charAt(end))) {
                end++;
            }
            tokens.add(new Token(q.substring(start, end), negated, null, q.substring(i, end), false));
            i = end;
        }
        return tokens;
    }

    /** The condition of one token; its term null when the token is to be ignored (no letter or digit). */
    private static Condition condition(Token token, Instant now) {
        if (token.name() == null) {
            return new Condition(token.negated(), hasWord(token.value()) ? new Text(token.value()) : null);
        }
        String value = token.value();
        String lower = value.toLowerCase(Locale.ROOT);
        Term term = switch (token.name()) {
            case "from" -> new Party(PartyField.FROM, value);
            case "to" -> new Party(PartyField.TO, value);
            case "cc" -> new Party(PartyField.CC, value);
            case "subject" -> {
                if (!hasWord(value)) {
                    throw new QuerySyntaxException(token.raw(), "subject: needs a word");
                }
                yield new Subject(value);
            }
            case "has" -> {
                if (!lower.equals("attachment")) {
                    throw new QuerySyntaxException(token.raw(), "has: knows only has:attachment");
                }
                yield new HasAttachment();
            }
            case "filename" -> new Filename(value);
            case "is" -> switch (lower) {
                case "unread" -> new Is(Flag.UNREAD);
                case "read" -> new Is(Flag.READ);
                case "starred" -> new Is(Flag.STARRED);
                default -> throw new QuerySyntaxException(token.raw(), "is: takes unread, read or starred");
            };
            case "label" -> new Label(value);
            case "in" -> {
                if (!FOLDERS.contains(lower)) {
                    throw new QuerySyntaxException(token.raw(),
                            "in: takes inbox, archive, trash, spam, sent or anywhere");
                }
                yield new In(lower.equals("anywhere") ? null : lower);
            }
            case "before" -> new Before(date(token));
            case "after" -> new After(date(token));
            case "newer_than" -> new After(ago(token, now));
            case "older_than" -> new Before(ago(token, now));
            default -> throw new IllegalStateException("operator without a meaning: " + token.name());
        };
        return new Condition(token.negated(), term);
    }

    private static boolean hasWord(String text) {
        return text.codePoints().anyMatch(Character::isLetterOrDigit);
    }

    /** {@code YYYY-MM-DD} or {@code YYYY/MM/DD} (the day's start, UTC) or an RFC 3339 instant. */
    private static Instant date(Token token) {
        String value = token.value();
        Matcher m = DATE.matcher(value);
        try {
            if (m.matches()) {
                return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3))).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            throw new QuerySyntaxException(token.raw(),
                    token.name() + ": takes a date (2026-12-07 or 2026/12/07, UTC) or an RFC 3339 time");
        }
    }

    /** {@code now} less {@code Nh}, {@code Nd}, {@code Nm} (months) or {@code Ny}; never before year 1. */
    private static Instant ago(Token token, Instant now) {
        Matcher m = AGE.matcher(token.value().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new QuerySyntaxException(token.raw(),
                    token.name() + ": takes a number and h, d, m or y (hours, days, months, years): 7d");
        }
        long amount = Long.parseLong(m.group(1));
        ZonedDateTime at = now.atZone(ZoneOffset.UTC);
        ZonedDateTime then = switch (m.group(2)) {
            case "h" -> at.minusHours(amount);
            case "d" -> at.minusDays(amount);
            case "m" -> at.minusMonths(amount);
            default -> at.minusYears(amount);
        };
        Instant result = then.toInstant();
        return result.isBefore(EARLIEST) ? EARLIEST : result;
    }
}
