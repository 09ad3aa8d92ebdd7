package dev.mailroom.mailbox.search;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements of the thread listing ({@code GET /v1/threads}) over schema V1 and V30, pure (the repository runs
 * them; bench/mailboxes runs the same ones). Two plans: without text terms threads newest first, each kept when one
 * of its messages meets the conditions (an index scan by recency that stops after a page); with text terms the
 * matching messages through the GIN index, ranked ({@code ts_rank}), grouped by thread (the thread's rank: its best
 * message's), highlights cut from the best message of each thread of the page only.
 */
public final class ThreadQueries {

    /** Marks around a highlighted word in what PostgreSQL returns (private-use characters, removed from the text). */
    public static final char MARK_START = '\uE000';
    public static final char MARK_END = '\uE001';

    /** Matching message ids returned per thread. */
    public static final int IDS_PER_THREAD = 100;

    private static final String MARKS = "'" + MARK_START + MARK_END + "'";
    private static final String SUBJECT_HEADLINE = "'StartSel=" + MARK_START + ", StopSel=" + MARK_END
            + ", HighlightAll=true'";
    private static final String BODY_HEADLINE = "'StartSel=" + MARK_START + ", StopSel=" + MARK_END
            + ", MaxFragments=2, MaxWords=20, MinWords=8, FragmentDelimiter=\" … \"'";
    /** Characters of a body highlights are cut from (ts_headline reads all it is given). */
    private static final int HEADLINE_BODY_CHARS = 10_000;
    /** Characters of an attachment's text searched and highlighted: what the index holds of it (V30). */
    private static final int HEADLINE_ATTACHMENT_CHARS = 50_000;
    /** The best matching messages of a thread whose attachments may give its attachment highlight. */
    private static final int HEADLINE_ATTACHMENT_MESSAGES = 10;
    /** Attachments of those messages looked at, at most (the index holds 100 per message). */
    private static final int HEADLINE_ATTACHMENTS = 100;

    private static final String COLUMNS = "t.id, t.mailbox_id, t.subject, t.last_message_at, t.message_count,"
            + " t.unread_count, t.needs_reply, t.participants::text AS participants_json, t.starred,"
            + " t.has_attachments, t.drafts_pending, t.delivery_problem";
    private static final String EXTRAS = "(SELECT s.snippet FROM message s WHERE s.thread_id = p.id"
            + " ORDER BY s.at DESC, s.id DESC LIMIT 1) AS snippet,"
            + " ARRAY(SELECT DISTINCT l.label FROM message lm CROSS JOIN LATERAL unnest(lm.labels) AS l(label)"
            + " WHERE lm.thread_id = p.id ORDER BY l.label) AS labels";

    /**
     * Which threads a caller may see: {@code domains} null for every domain; {@code mailboxId} null for all;
     * {@code draftsOnly}: only threads with pending agent drafts (the {@code drafts} folder).
     */
    public record Scope(List<String> domains, String mailboxId, boolean draftsOnly) {

        public Scope(List<String> domains, String mailboxId) {
            this(domains, mailboxId, false);
        }
    }

    /** A statement: SQL with {@code $n} placeholders and their values. */
    public record Statement(String sql, List<Object> params) {
    }

    private ThreadQueries() {
    }

    /**
     * The threads of {@code scope} with a message meeting {@code query}, newest first, after {@code (afterAt,
     * afterId)} when given; {@code limit} rows at most. Columns: the thread's, {@code snippet}, {@code labels} and,
     * {@code withIds}, {@code message_ids}.
     */
    public static Statement newest(Scope scope, SearchQuery query, boolean withIds, Instant afterAt, String afterId,
            int limit) {
        SqlParams p = new SqlParams();
        List<String> where = scope(scope, "t", p);
        SqlBuilder.Filter filter = SqlBuilder.build(query, p, true);
        where.add("EXISTS (SELECT 1 FROM message m WHERE m.thread_id = t.id AND " + filter.where() + ")");
        if (afterAt != null) {
            where.add("(t.last_message_at, t.id) < (" + p.add(OffsetDateTime.ofInstant(afterAt, ZoneOffset.UTC))
                    + ", " + p.add(afterId) + ")");
        }
        String ids = withIds ? ", ARRAY(SELECT m.id FROM message m WHERE m.thread_id = p.id AND " + filter.where()
                + " ORDER BY m.at DESC, m.id DESC LIMIT " + IDS_PER_THREAD + ") AS message_ids" : "";
        String sql = "SELECT p.*, " + EXTRAS + ids + " FROM (SELECT " + COLUMNS + " FROM thread t WHERE "
                + String.join(" AND ", where) + " ORDER BY t.last_message_at DESC, t.id DESC LIMIT " + p.add(limit)
                + ") p ORDER BY p.last_message_at DESC, p.id DESC";
        return new Statement(sql, p.values());
    }

    /**
     * The threads of {@code scope} with a message meeting {@code query} (which must search text), best first (rank,
     * then id), after {@code (afterRank, afterId)} when given; {@code limit} rows at most. Columns: as
     * {@link #newest}, with {@code message_ids} (best first), {@code rank}, {@code subject_highlight} and
     * {@code body_highlight} (words between {@link #MARK_START} and {@link #MARK_END}, nothing escaped yet), and
     * {@code attachment_filename}/{@code attachment_highlight}: the extracted text of the attachment (of the thread's
     * best matching messages) that best matches any searched text, marked the same way, both null when none does.
     * Only the rows of the page are highlighted.
     */
    public static Statement ranked(Scope scope, SearchQuery query, Float afterRank, String afterId, int limit) {
        SqlParams p = new SqlParams();
        List<String> messageScope = scope(scope, "m", p);
        List<String> threadScope = scope(scope, "t", p);
        SqlBuilder.Filter filter = SqlBuilder.build(query, p, true);
        String rq = filter.rankQuery();
        String aq = filter.anyQuery();
        if (rq == null) {
            throw new IllegalArgumentException("a ranked search needs text terms");
        }
        messageScope.add(filter.where());
        if (afterRank != null) {
            String rank = p.add(afterRank);
            threadScope.add("(r.rank < " + rank + " OR (r.rank = " + rank + " AND t.id < " + p.add(afterId) + "))");
        }
        String sql = "WITH hits AS (SELECT m.thread_id, m.id, m.at, ts_rank(m.search, " + rq + ") AS rank"
                + " FROM message m WHERE " + String.join(" AND ", messageScope) + "),"
                + " ranked AS (SELECT h.thread_id, max(h.rank) AS rank,"
                + " (array_agg(h.id ORDER BY h.rank DESC, h.at DESC, h.id DESC))[1:" + IDS_PER_THREAD
                + "] AS message_ids FROM hits h GROUP BY h.thread_id),"
                + " page AS (SELECT " + COLUMNS + ", r.rank, r.message_ids FROM ranked r JOIN thread t"
                + " ON t.id = r.thread_id"
                + (threadScope.isEmpty() ? "" : " WHERE " + String.join(" AND ", threadScope))
                + " ORDER BY r.rank DESC, t.id DESC LIMIT " + p.add(limit) + ")"
                + " SELECT p.*, " + EXTRAS + ","
                + " ts_headline(" + SqlBuilder.CONFIG + ", translate(hm.subject, " + MARKS + ", ''), " + rq + ", "
                + SUBJECT_HEADLINE + ") AS subject_highlight,"
                + " ts_headline(" + SqlBuilder.CONFIG + ", translate(mail_body_text(hm.text_body, hm.html_body, "
                + HEADLINE_BODY_CHARS + "), " + MARKS + ", ''), " + rq + ", " + BODY_HEADLINE + ") AS body_highlight,"
                + " ah.filename AS attachment_filename, ah.highlight AS attachment_highlight"
                + " FROM page p JOIN message hm ON hm.id = p.message_ids[1]"
                + " LEFT JOIN LATERAL " + attachmentHighlight(aq) + " ah ON TRUE"
                + " ORDER BY p.rank DESC, p.id DESC";
        return new Statement(sql, p.values());
    }

    /**
     * The attachment highlight of page row {@code p}: among the attachments with extracted text of its best
     * matching messages, the one whose text best matches {@code anyQuery} (then the better message, then the
     * earlier attachment), its file name and its text's headline.
     */
    private static String attachmentHighlight(String anyQuery) {
        return "(SELECT translate(c.filename, " + MARKS + ", '') AS filename, ts_headline(" + SqlBuilder.CONFIG
                + ", translate(c.text, " + MARKS + ", ''), " + anyQuery + ", " + BODY_HEADLINE + ") AS highlight"
                + " FROM (SELECT a.filename, a.ordinal, array_position(p.message_ids, a.message_id) AS position,"
                + " left(x.text, " + HEADLINE_ATTACHMENT_CHARS + ") AS text, to_tsvector(" + SqlBuilder.CONFIG
                + ", left(x.text, " + HEADLINE_ATTACHMENT_CHARS + ")) AS words"
                + " FROM attachment a JOIN attachment_text x ON x.sha256 = a.sha256 AND x.status = 'done'"
                + " WHERE a.message_id = ANY(p.message_ids[1:" + HEADLINE_ATTACHMENT_MESSAGES + "])"
                + " AND coalesce(x.text, '') <> '' ORDER BY array_position(p.message_ids, a.message_id), a.ordinal"
                + " LIMIT " + HEADLINE_ATTACHMENTS + ") c"
                + " WHERE c.words @@ " + anyQuery
                + " ORDER BY ts_rank(c.words, " + anyQuery + ") DESC, c.position, c.ordinal LIMIT 1)";
    }

    private static List<String> scope(Scope scope, String alias, SqlParams p) {
        List<String> where = new ArrayList<>();
        if (scope.domains() != null) {
            where.add(alias + ".domain = ANY(" + p.add(scope.domains().toArray(new String[0])) + ")");
        }
        if (scope.mailboxId() != null) {
            where.add(alias + ".mailbox_id = " + p.add(scope.mailboxId()));
        }
        if (scope.draftsOnly() && alias.equals("t")) {
            where.add("t.drafts_pending > 0");
        }
        return where;
    }
}
