package dev.mailroom.mailbox.search;

import java.time.Instant;
import java.util.List;

/**
 * A parsed search query ({@link QueryParser}): every {@link Group} must hold (AND); a group holds when one of its
 * {@link Condition}s does ({@code a OR b}). Pure data: {@link SqlBuilder} turns it into SQL.
 *
 * @param groups the groups, in the order written
 */
public record SearchQuery(List<Group> groups) {

    public SearchQuery {
        groups = List.copyOf(groups);
    }

    /** Terms joined by {@code OR}; one condition for a term standing alone. */
    public record Group(List<Condition> alternatives) {

        public Group {
            alternatives = List.copyOf(alternatives);
        }
    }

    /** A term, negated by a leading {@code -}. */
    public record Condition(boolean negated, Term term) {
    }

    /** What one term asks of a message. */
    public sealed interface Term {
    }

    /** Words or a quoted phrase anywhere in the message (subject, parties, body, attachment names and text). */
    public record Text(String text) implements Term {
    }

    /** {@code subject:}: words or a phrase in the subject. */
    public record Subject(String text) implements Term {
    }

    /** Which address list {@code from:}, {@code to:}, {@code cc:} look at. */
    public enum PartyField {
        FROM, TO, CC
    }

    /** {@code from:}, {@code to:}, {@code cc:}: a substring of a name or address of that list (any case). */
    public record Party(PartyField field, String value) implements Term {
    }

    /** {@code has:attachment}: at least one attachment that is not inline. */
    public record HasAttachment() implements Term {
    }

    /** {@code filename:}: a substring of an attachment's file name (any case). */
    public record Filename(String value) implements Term {
    }

    /** The flags of {@code is:}. */
    public enum Flag {
        UNREAD, READ, STARRED
    }

    /** {@code is:unread}, {@code is:read}, {@code is:starred}. */
    public record Is(Flag flag) implements Term {
    }

    /** {@code label:}: the message carries this label (exactly as written). */
    public record Label(String name) implements Term {
    }

    /** {@code in:}: the message's folder; {@code in:anywhere} (folder null) lifts the default trash/spam exclusion. */
    public record In(String folder) implements Term {
    }

    /** {@code before:}, {@code older_than:}: received (or sent) strictly before {@code at}. */
    public record Before(Instant at) implements Term {
    }

    /** {@code after:}, {@code newer_than:}: received (or sent) at {@code at} or later. */
    public record After(Instant at) implements Term {
    }

    /** Whether any term (not negated) searches text: the results are then ranked and highlighted. */
    public boolean hasText() {
        return groups.stream().flatMap(g -> g.alternatives().stream())
                .anyMatch(c -> !c.negated() && (c.term() instanceof Text || c.term() instanceof Subject));
    }

    /** Whether a term not negated names a folder ({@code in:}): then trash and spam are no longer left out. */
    public boolean namesFolder() {
        return groups.stream().flatMap(g -> g.alternatives().stream())
                .anyMatch(c -> !c.negated() && c.term() instanceof In);
    }
}
