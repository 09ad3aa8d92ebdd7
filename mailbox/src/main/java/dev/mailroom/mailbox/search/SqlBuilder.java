package dev.mailroom.mailbox.search;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import dev.mailroom.mailbox.search.SearchQuery.After;
import dev.mailroom.mailbox.search.SearchQuery.Before;
import dev.mailroom.mailbox.search.SearchQuery.Condition;
import dev.mailroom.mailbox.search.SearchQuery.Filename;
import dev.mailroom.mailbox.search.SearchQuery.Group;
import dev.mailroom.mailbox.search.SearchQuery.HasAttachment;
import dev.mailroom.mailbox.search.SearchQuery.In;
import dev.mailroom.mailbox.search.SearchQuery.Is;
import dev.mailroom.mailbox.search.SearchQuery.Label;
import dev.mailroom.mailbox.search.SearchQuery.Party;
import dev.mailroom.mailbox.search.SearchQuery.Subject;
import dev.mailroom.mailbox.search.SearchQuery.Term;
import dev.mailroom.mailbox.search.SearchQuery.Text;

/**
 * A {@link SearchQuery} as SQL over {@code message m} (schema V1 and V30): a WHERE fragment and, when the query
 * searches text, the tsquery expression results are ranked and highlighted by. Every value is a parameter of
 * {@link SqlParams}; the fragment's text comes only from this class.
 *
 * <p>How each term is found: text ({@code search @@ phraseto_tsquery('mail_text', ?)}, the GIN index
 * {@code message_search}); {@code subject:} the same, then checked against the subject alone; {@code from:} a
 * substring (ILIKE, wildcards in the value escaped) of {@code mail_sender(from_name, from_address)}, which a trigram
 * index serves; {@code to:}/{@code cc:} a substring of {@code mail_parties(...)}, bounded by the other conditions
 * (scope, text, dates); {@code has:attachment}/{@code filename:} EXISTS over {@code attachment};
 * {@code label:} {@code labels @> ARRAY[?]} (GIN {@code message_labels}); flags, folder and dates by column.
 */
public final class SqlBuilder {

    /** The text search configuration of the index (V30): simple words, case and accents folded. */
    public static final String CONFIG = "'mail_text'";

    /**
     * The WHERE fragment (never empty: {@code TRUE} for no condition), the ranking tsquery and a tsquery met by any one
     * of the searched texts (what a part of a message, such as one attachment, is highlighted by); both null
     * without text.
     */
    public record Filter(String where, String rankQuery, String anyQuery) {
    }

    private SqlBuilder() {
    }

    /**
     * The conditions of {@code query}, its parameters added to {@code params}. {@code defaultFolders}: unless the
     * query names a folder ({@code in:}), trash and spam are left out, as in a mail client.
     */
    public static Filter build(SearchQuery query, SqlParams params, boolean defaultFolders) {
        List<String> where = new ArrayList<>();
        List<String> rank = new ArrayList<>();
        List<String> any = new ArrayList<>();
        for (Group group : query.groups()) {
            List<String> alternatives = new ArrayList<>();
            List<String> ranked = new ArrayList<>();
            for (Condition condition : group.alternatives()) {
                String tsquery = tsquery(condition.term(), params);
                String sql = condition(condition.term(), tsquery, params);
                alternatives.add(condition.negated() ? "NOT (" + sql + ")" : sql);
                if (tsquery != null && !condition.negated()) {
                    ranked.add(tsquery);
                    any.add(tsquery);
                }
            }
            where.add(alternatives.size() == 1 ? alternatives.get(0) : "(" + String.join(" OR ", alternatives) + ")");
            if (!ranked.isEmpty()) {
                rank.add(ranked.size() == 1 ? ranked.get(0) : "(" + String.join(" || ", ranked) + ")");
            }
        }
        if (defaultFolders && !query.namesFolder()) {
            where.add("m.folder NOT IN ('trash', 'spam')");
        }
        return new Filter(where.isEmpty() ? "TRUE" : String.join(" AND ", where),
                rank.isEmpty() ? null : rank.size() == 1 ? rank.get(0) : "(" + String.join(" && ", rank) + ")",
                any.isEmpty() ? null : any.size() == 1 ? any.get(0) : "(" + String.join(" || ", any) + ")");
    }

    /** The tsquery of a text term, null for the others. */
    private static String tsquery(Term term, SqlParams params) {
        if (term instanceof Text t) {
            return "phraseto_tsquery(" + CONFIG + ", " + params.add(t.text()) + ")";
        }
        if (term instanceof Subject s) {
            return "phraseto_tsquery(" + CONFIG + ", " + params.add(s.text()) + ")";
        }
        return null;
    }

    private static String condition(Term term, String tsquery, SqlParams params) {
        if (term instanceof Text) {
            return "m.search @@ " + tsquery;
        }
        if (term instanceof Subject) {
            return "(m.search @@ " + tsquery + " AND to_tsvector(" + CONFIG + ", m.subject) @@ " + tsquery + ")";
        }
        if (term instanceof Party p) {
            String pattern = params.add(contains(p.value()));
            return switch (p.field()) {
                case FROM -> "mail_sender(m.from_name, m.from_address) ILIKE " + pattern;
                case TO -> "mail_parties(m.to_addresses) ILIKE " + pattern;
                case CC -> "mail_parties(m.cc_addresses) ILIKE " + pattern;
            };
        }
        if (term instanceof HasAttachment) {
            return "EXISTS (SELECT 1 FROM attachment a WHERE a.message_id = m.id AND NOT a.inline)";
        }
        if (term instanceof Filename f) {
            return "EXISTS (SELECT 1 FROM attachment a WHERE a.message_id = m.id AND a.filename ILIKE "
                    + params.add(contains(f.value())) + ")";
        }
        if (term instanceof Is i) {
            return switch (i.flag()) {
                case UNREAD -> "m.unread";
                case READ -> "NOT m.unread";
                case STARRED -> "m.starred";
            };
        }
        if (term instanceof Label l) {
            return "m.labels @> ARRAY[" + params.add(l.name()) + "::text]";
        }
        if (term instanceof In f) {
            return f.folder() == null ? "TRUE" : "m.folder = " + params.add(f.folder());
        }
        if (term instanceof Before b) {
            return "m.at < " + params.add(time(b.at()));
        }
        if (term instanceof After a) {
            return "m.at >= " + params.add(time(a.at()));
        }
        throw new IllegalArgumentException("a term without SQL: " + term);
    }

    /** An ILIKE pattern matching {@code value} anywhere, its own {@code %}, {@code _} and {@code \} taken literally. */
    static String contains(String value) {
        return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static OffsetDateTime time(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
