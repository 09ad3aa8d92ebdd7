import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mailroom.mailbox.search.QueryParser;
import dev.mailroom.mailbox.search.SearchQuery;
import dev.mailroom.mailbox.search.ThreadQueries;

/**
 * bench/mailboxes' measuring part (run as a single-file program with mailbox/target/classes and the stack's JDBC
 * driver on the class path): applies the mailbox schema's migrations, generates the messages in bulk (SQL
 * generate_series: the triggers index them as ingest would), then times the very statements GET /v1/threads runs
 * (search/ThreadQueries) over JDBC, beside reference statements, and prints the table. Arguments: port, messages,
 * migration folder, runs per shape.
 */
public class MailboxBench {

    static final Random RANDOM = new Random(17);

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int messages = Integer.parseInt(args[1]);
        Path migrations = Path.of(args[2]);
        int runs = Integer.parseInt(args[3]);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/mailroom",
                "mailroom", "mailroom")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS mailbox");
                s.execute("SET search_path = mailbox");
            }
            migrate(c, migrations);
            long t0 = System.nanoTime();
            generate(c, messages);
            log("generated %,d messages in %.0f s", messages, (System.nanoTime() - t0) / 1e9);
            try (Statement s = c.createStatement()) {
                s.execute("VACUUM ANALYZE");
            }
            measure(c, runs);
        }
    }

    static void log(String format, Object... args) {
        System.err.printf("[bench %s] %s%n", java.time.LocalTime.now().withNano(0), String.format(format, args));
    }

    static void migrate(Connection c, Path folder) throws Exception {
        List<Path> files;
        try (var list = Files.list(folder)) {
            files = list.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(f -> Integer.parseInt(f.getFileName().toString()
                            .replaceAll("^V(\\d+)__.*", "$1"))))
                    .toList();
        }
        for (Path f : files) {
            try (Statement s = c.createStatement()) {
                s.execute(Files.readString(f));
            }
            log("applied %s", f.getFileName());
        }
    }

    /** The data: one domain, 100 mailboxes, threads of 1-5 messages, Zipf-like words, some attachments with text. */
    static void generate(Connection c, int messages) throws SQLException {
        List<String> words = vocabulary(20_000);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE vocab (i INTEGER PRIMARY KEY, w TEXT NOT NULL)");
            s.execute("INSERT INTO vocab SELECT i, w FROM unnest(" + array(words) + ") WITH ORDINALITY AS x(w, i)");
            s.execute("ANALYZE vocab");
            // n words, word k with a probability falling with k (a long tail, like language)
            s.execute("CREATE FUNCTION pg_temp.words(n INTEGER, sep TEXT DEFAULT ' ') RETURNS TEXT LANGUAGE sql"
                    + " VOLATILE AS $$ SELECT string_agg((SELECT v.w FROM vocab v WHERE v.i = r.k) || CASE WHEN"
                    + " sep = '.' AND random() < 0.08 THEN '.' ELSE '' END, ' ') FROM (SELECT 1 + floor(pow(random(),"
                    + " 2.5) * 20000)::int AS k FROM generate_series(1, n)) r $$");
            s.execute("CREATE TEMP TABLE people AS SELECT g.n AS i, initcap((SELECT v.w FROM vocab v WHERE v.i = 1"
                    + " + g.n * 7 % 3000)) AS first, initcap((SELECT v.w FROM vocab v WHERE v.i = 1 + g.n * 13 % 5000))"
                    + " AS last FROM generate_series(0, 1999) AS g(n)");
            s.execute("INSERT INTO mailbox (id, address, domain, created_at) SELECT 'mb' || i, 'box' || i"
                    + " || '@bench.test', 'bench.test', now() FROM generate_series(0, 99) i");
            // threads: messages / 2.5 on average
            int threads = Math.max(1, messages * 2 / 5);
            s.execute("CREATE TEMP TABLE t_gen AS SELECT i, 'mb' || (i % 100) AS mailbox_id,"
                    + " pg_temp.words(3 + i % 6) AS subject FROM generate_series(0, " + (threads - 1) + ") i");
            s.execute("CREATE INDEX ON t_gen (i)");
            s.execute("CREATE INDEX ON people (i)");
            s.execute("ANALYZE t_gen; ANALYZE people");
            s.execute("INSERT INTO thread (id, mailbox_id, domain, root, subject, last_message_at) SELECT 'th' || i,"
                    + " mailbox_id, 'bench.test', 'root' || i, subject, now() FROM t_gen");
            log("threads: %,d; messages next (each indexed by the trigger)", threads);
            // bodies: 20..3020 words, most short (median ~ 200 words ~ 1.4 KB, mean ~ 4 KB); 10 % HTML only
            s.execute("INSERT INTO message (id, mailbox_id, thread_id, domain, direction, from_address, from_name,"
                    + " to_addresses, cc_addresses, subject, at, text_body, html_body, snippet, unread, starred, folder,"
                    + " labels, raw_size)"
                    + " SELECT 'msg' || g.i, t.mailbox_id, 'th' || t.i, 'bench.test',"
                    + " CASE WHEN g.i % 20 = 0 THEN 'outbound' ELSE 'inbound' END,"
                    + " lower(p.first || '.' || p.last) || '@corp' || (p.i % 50) || '.test', p.first || ' ' || p.last,"
                    + " jsonb_build_array(jsonb_build_object('address', 'box' || (t.i % 100) || '@bench.test', 'name',"
                    + " 'Box ' || (t.i % 100))),"
                    + " CASE WHEN g.i % 7 = 0 THEN jsonb_build_array(jsonb_build_object('address', 'cc' || (g.i % 300)"
                    + " || '@partner.test', 'name', 'Partner ' || (g.i % 300))) ELSE '[]'::jsonb END,"
                    + " CASE WHEN g.i >= " + threads + " THEN 'Re: ' ELSE '' END || t.subject,"
                    + " now() - make_interval(secs => (random() * 730 * 86400)::int),"
                    + " CASE WHEN g.i % 10 = 3 THEN NULL ELSE b.body END,"
                    + " CASE WHEN g.i % 10 = 3 THEN '<html><body><p>' || replace(b.body, '. ', '.</p><p>')"
                    + " || '</p></body></html>' END, left(b.body, 200), random() < 0.3, random() < 0.05,"
                    + " CASE WHEN g.i % 20 = 0 THEN 'sent' WHEN g.i % 50 = 1 THEN 'spam' WHEN g.i % 33 = 2 THEN"
                    + " 'trash' WHEN g.i % 10 = 4 THEN 'archive' ELSE 'inbox' END,"
                    + " CASE WHEN g.i % 5 = 0 THEN ARRAY['label' || (g.i / 5 % 10)] ELSE '{}' END,"
                    + " 600 + octet_length(b.body)"
                    + " FROM generate_series(0, " + (messages - 1) + ") g(i)"
                    + " JOIN t_gen t ON t.i = g.i % " + threads
                    + " JOIN people p ON p.i = (g.i * 31) % 2000"
                    + " CROSS JOIN LATERAL (SELECT pg_temp.words(20 + (pow(random(), 4) * 3000)::int + g.i * 0, '.')"
                    + " AS body) b");
            log("messages inserted");
            s.execute("UPDATE thread t SET last_message_at = x.last, message_count = x.n, unread_count = x.unread,"
                    + " needs_reply = x.inbound FROM (SELECT thread_id, max(at) AS last, count(*) AS n,"
                    + " count(*) FILTER (WHERE unread) AS unread, bool_or(direction = 'inbound') AS inbound"
                    + " FROM message GROUP BY thread_id) x WHERE x.thread_id = t.id");
            // raw messages: header block + body as the .eml (attachments added below), in blob_content
            s.execute("INSERT INTO blob_content (sha256, bytes) SELECT 'raw' || m.id, convert_to('From: '"
                    + " || m.from_name || ' <' || m.from_address || E'>\\r\\nTo: box@bench.test\\r\\nSubject: '"
                    + " || m.subject || E'\\r\\nMessage-ID: <' || m.id || E'@bench.test>\\r\\nDate: '"
                    + " || m.at || E'\\r\\nMIME-Version: 1.0\\r\\nContent-Type: text/plain; charset=utf-8\\r\\n"
                    + "Received: from mx.corp.test by mx.bench.test with ESMTPS; ' || m.at || E'\\r\\n"
                    + "DKIM-Signature: v=1; a=rsa-sha256; d=corp.test; s=s1; b=' || repeat(md5(m.id), 11)"
                    + " || E'\\r\\n\\r\\n' || coalesce(m.text_body, m.html_body), 'UTF8') FROM message m");
            s.execute("INSERT INTO raw_message (inbound_id, sha256, size, received_at) SELECT 'in' || m.id,"
                    + " 'raw' || m.id, octet_length(b.bytes), m.at FROM message m JOIN blob_content b ON"
                    + " b.sha256 = 'raw' || m.id");
            s.execute("UPDATE message m SET inbound_id = 'in' || m.id, raw_sha256 = 'raw' || m.id, raw_size ="
                    + " r.size FROM raw_message r WHERE r.inbound_id = 'in' || m.id");
            // attachments: 15 % of messages, 2,000 distinct contents (shared: newsletters, signatures, forwards),
            // 8-64 KB, incompressible bytes; text extracted from the PDFs (200-2,000 words)
            s.execute("CREATE TEMP TABLE contents AS SELECT i, 'att' || lpad(i::text, 8, '0') AS sha256,"
                    + " (8192 + (i * 7919) % 57344) AS size, (ARRAY['report', 'invoice', 'contract', 'photo',"
                    + " 'minutes', 'slides'])[1 + i % 6] || '-' || (i % 97) || CASE WHEN i % 6 = 3 THEN '.jpg'"
                    + " ELSE '.pdf' END AS filename FROM generate_series(0, 1999) i");
            s.execute("INSERT INTO blob_content (sha256, bytes) SELECT c.sha256, (SELECT string_agg(decode(md5(c.i"
                    + " || '-' || j), 'hex'), ''::bytea) FROM generate_series(1, c.size / 16) j) FROM contents c");
            s.execute("INSERT INTO blob (sha256, size, refcount, store, created_at) SELECT sha256,"
                    + " octet_length(bytes), 1, 'postgresql', now() FROM blob_content");
            s.execute("INSERT INTO attachment (id, message_id, ordinal, filename, content_type, size, sha256)"
                    + " SELECT 'a' || m.n || '-' || o, m.id, o, c.filename, CASE WHEN c.filename LIKE '%.jpg' THEN"
                    + " 'image/jpeg' ELSE 'application/pdf' END, c.size, c.sha256"
                    + " FROM (SELECT id, row_number() OVER () AS n FROM message WHERE abs(hashtext(id) % 100) < 15) m"
                    + " CROSS JOIN generate_series(0, (m.n % 2)::int) o JOIN contents c ON c.i = (m.n * 7 + o) % 2000");
            log("attachments inserted");
            s.execute("INSERT INTO attachment_text (sha256, status, content_type, text, updated_at)"
                    + " SELECT c.sha256, 'done', 'application/pdf', pg_temp.words(200 + (c.i * 37) % 1800), now()"
                    + " FROM contents c WHERE c.filename LIKE '%.pdf'");
            s.execute("UPDATE message m SET raw_size = m.raw_size + x.extra FROM (SELECT message_id,"
                    + " sum(size * 4 / 3 + 200) AS extra FROM attachment GROUP BY message_id) x WHERE x.message_id = m.id");
            log("attachment text done (triggers re-indexed the messages carrying it)");
            // the thread list fields (schema V50, issue 18) as ingest keeps them, where the schema has them
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_proc WHERE proname = 'thread_recount'")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    s.execute("SELECT thread_recount(ARRAY(SELECT id FROM thread))");
                    log("thread list fields recounted");
                }
            }
        }
    }

    /** Pronounceable pseudo-words (a stable vocabulary whatever the machine: no system word list needed). */
    static List<String> vocabulary(int n) {
        String[] onsets = { "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "st",
                "tr", "pl", "gr", "ch", "sh" };
        String[] vowels = { "a", "e", "i", "o", "u", "ai", "ea", "ou" };
        String[] codas = { "", "n", "r", "s", "t", "l", "m", "nd", "st", "ck" };
        List<String> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        Random r = new Random(42);
        while (out.size() < n) {
            StringBuilder w = new StringBuilder();
            int syllables = 1 + r.nextInt(3);
            for (int i = 0; i < syllables; i++) {
                w.append(onsets[r.nextInt(onsets.length)]).append(vowels[r.nextInt(vowels.length)])
                        .append(codas[r.nextInt(codas.length)]);
            }
            if (seen.add(w.toString())) {
                out.add(w.toString());
            }
        }
        return out;
    }

    static String array(List<String> words) {
        return "ARRAY['" + String.join("','", words) + "']";
    }

    // ------------------------------------------------------------------------------------------------ measuring

    static void measure(Connection c, int runs) throws SQLException {
        List<String> words = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            // words of middle frequency: in 0.1 %..2 % of the messages
            try (ResultSet rs = s.executeQuery("SELECT word FROM ts_stat('SELECT search FROM message')"
                    + " WHERE ndoc BETWEEN (SELECT count(*) FROM message) / 1000 AND (SELECT count(*) FROM message)"
                    + " / 50 AND word ~ '^[a-z]+$' ORDER BY word LIMIT 2000")) {
                while (rs.next()) {
                    words.add(rs.getString(1));
                }
            }
        }
        if (words.isEmpty()) {
            words.add("report");
        }
        ThreadQueries.Scope scope = new ThreadQueries.Scope(List.of("bench.test"), null);
        List<String[]> rows = new ArrayList<>();
        int total = count(c);
        rows.add(row("reference: message by primary key", time(c, runs, () -> new Object[] {
                "SELECT * FROM message WHERE id = ?", "msg" + RANDOM.nextInt(total) })));
        rows.add(row("reference: SELECT count(*) FROM message", time(c, Math.min(runs, 20), () -> new Object[] {
                "SELECT count(*) FROM message" })));
        rows.add(row("search: a word", search(c, runs, scope, () -> pick(words))));
        rows.add(row("search: a phrase", search(c, runs, scope, () -> phrase(c, total))));
        rows.add(row("search: from: + word", search(c, runs, scope, () -> senderAndWord(c, total))));
        rows.add(row("search: has:attachment filename:", search(c, runs, scope, () -> "has:attachment filename:"
                + new String[] { "report", "invoice", "contract", "minutes" }[RANDOM.nextInt(4)])));
        rows.add(row("search: label: is:unread newer_than:", search(c, runs, scope, () -> "label:label"
                + RANDOM.nextInt(10) + " is:unread newer_than:" + (30 + RANDOM.nextInt(300)) + "d")));
        rows.add(row("listing: newest first, first page", listing(c, runs, scope, false)));
        rows.add(row("listing: one mailbox, first page", listing(c, runs, scope, true)));
        System.out.printf("%n| %-42s | %10s | %10s | %6s |%n", "statement (" + runs + " runs each)", "p50 ms",
                "p99 ms", "rows");
        System.out.printf("|%s|%s|%s|%s|%n", "-".repeat(44), "-".repeat(12), "-".repeat(12), "-".repeat(8));
        for (String[] r : rows) {
            System.out.printf("| %-42s | %10s | %10s | %6s |%n", (Object[]) r);
        }
        storage(c);
    }

    static int count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM message")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static String pick(List<String> list) {
        return list.get(RANDOM.nextInt(list.size()));
    }

    /** Two neighbouring words of a random message: a phrase that exists. */
    static String phrase(Connection c, int total) {
        return ofRandomMessage(c, total, "SELECT '\"' || array_to_string((regexp_split_to_array(left(coalesce("
                + "text_body, subject), 400), '[^a-z]+'))[3:4], ' ') || '\"' FROM message WHERE id = ?",
                "\"report invoice\"");
    }

    /** The sender's last name and a word of a random message: a from:+word search that finds something. */
    static String senderAndWord(Connection c, int total) {
        return ofRandomMessage(c, total, "SELECT 'from:' || lower(split_part(from_name, ' ', 2)) || ' ' ||"
                + " (regexp_split_to_array(coalesce(text_body, subject), '[^a-z]+'))[2] FROM message WHERE id = ?",
                "from:ann report");
    }

    /** What {@code sql} (one text column, the message id as parameter) says of a random message. */
    static String ofRandomMessage(Connection c, int total, String sql, String fallback) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, "msg" + RANDOM.nextInt(total));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getString(1) != null ? rs.getString(1) : fallback;
            }
        } catch (SQLException e) {
            return fallback;
        }
    }

    static long[] search(Connection c, int runs, ThreadQueries.Scope scope, Supplier<String> q) throws SQLException {
        return time(c, runs, () -> {
            SearchQuery query = QueryParser.parse(q.get(), Instant.now());
            ThreadQueries.Statement st = query.hasText() ? ThreadQueries.ranked(scope, query, null, null, 51)
                    : ThreadQueries.newest(scope, query, true, null, null, 51);
            return jdbc(st);
        });
    }

    static long[] listing(Connection c, int runs, ThreadQueries.Scope scope, boolean mailbox) throws SQLException {
        return time(c, runs, () -> jdbc(ThreadQueries.newest(mailbox ? new ThreadQueries.Scope(scope.domains(),
                "mb" + RANDOM.nextInt(100)) : scope, new SearchQuery(List.of()), false, null, null, 51)));
    }

    static final Pattern PLACEHOLDER = Pattern.compile("\\$(\\d+)");

    /** A statement with $n placeholders as JDBC's: one ? per occurrence, its value repeated. */
    static Object[] jdbc(ThreadQueries.Statement st) {
        List<Object> out = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(st.sql());
        while (m.find()) {
            out.add(st.params().get(Integer.parseInt(m.group(1)) - 1));
            m.appendReplacement(sql, "?");
        }
        m.appendTail(sql);
        out.add(0, sql.toString());
        return out.toArray();
    }

    /** Latencies (ns) of {@code runs} executions of what {@code next} gives (SQL then values), rows last. */
    static long[] time(Connection c, int runs, Supplier<Object[]> next) throws SQLException {
        long[] out = new long[runs + 1];
        long rowsSeen = 0;
        for (int i = -Math.min(5, runs); i < runs; i++) { // a few warm-up runs
            Object[] st = next.get();
            try (PreparedStatement ps = c.prepareStatement((String) st[0])) {
                for (int j = 1; j < st.length; j++) {
                    Object v = st[j];
                    if (v instanceof String[] a) {
                        ps.setArray(j, c.createArrayOf("text", a));
                    } else if (v instanceof OffsetDateTime t) {
                        ps.setObject(j, t);
                    } else {
                        ps.setObject(j, v);
                    }
                }
                long t0 = System.nanoTime();
                int n = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        n++;
                    }
                }
                if (i >= 0) {
                    out[i] = System.nanoTime() - t0;
                    rowsSeen += n;
                }
            }
        }
        out[runs] = rowsSeen / runs;
        return out;
    }

    static String[] row(String name, long[] times) {
        long[] t = Arrays.copyOf(times, times.length - 1);
        Arrays.sort(t);
        return new String[] { name, String.format("%.2f", t[(int) Math.floor((t.length - 1) * 0.50)] / 1e6),
                String.format("%.2f", t[(int) Math.ceil((t.length - 1) * 0.99)] / 1e6),
                Long.toString(times[times.length - 1]) };
    }

    static void storage(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT (SELECT count(*) FROM message) AS n,"
                        + " (SELECT sum(raw_size) FROM message) AS raw,"
                        + " (SELECT sum(coalesce(octet_length(text_body), 0) + coalesce(octet_length(html_body), 0))"
                        + " FROM message) AS bodies,"
                        + " pg_table_size('message') AS message_table, pg_indexes_size('message') AS message_indexes,"
                        + " pg_relation_size('message_search') AS search_index,"
                        + " pg_relation_size('message_sender_trgm') AS sender_index,"
                        + " (SELECT sum(pg_column_size(search)) FROM message) AS search_column,"
                        + " pg_total_relation_size('thread') + pg_total_relation_size('mailbox')"
                        + " + pg_total_relation_size('attachment') + pg_total_relation_size('attachment_text')"
                        + " + pg_total_relation_size('raw_message') + pg_total_relation_size('blob') AS other,"
                        + " pg_total_relation_size('blob_content') AS blobs")) {
            rs.next();
            double n = rs.getLong("n");
            long raw = rs.getLong("raw");
            long messageTotal = rs.getLong("message_table") + rs.getLong("message_indexes");
            long db = messageTotal + rs.getLong("other");
            long blobs = rs.getLong("blobs");
            System.out.printf("%n| %-58s | %12s | %10s |%n", "storage", "bytes/message", "x raw");
            System.out.printf("|%s|%s|%s|%n", "-".repeat(60), "-".repeat(14), "-".repeat(12));
            String f = "| %-58s | %,12.0f | %10.2f |%n";
            System.out.printf(f, "reference: raw message (.eml, attachments base64)", raw / n, 1.0);
            System.out.printf(f, "  of which text/HTML bodies", rs.getLong("bodies") / n, rs.getLong("bodies") / (double) raw);
            System.out.printf(f, "message table (heap + TOAST)", rs.getLong("message_table") / n,
                    rs.getLong("message_table") / (double) raw);
            System.out.printf(f, "  of which the search column (tsvector)", rs.getLong("search_column") / n,
                    rs.getLong("search_column") / (double) raw);
            System.out.printf(f, "message indexes", rs.getLong("message_indexes") / n,
                    rs.getLong("message_indexes") / (double) raw);
            System.out.printf(f, "  of which GIN message_search", rs.getLong("search_index") / n,
                    rs.getLong("search_index") / (double) raw);
            System.out.printf(f, "  of which trigram message_sender_trgm", rs.getLong("sender_index") / n,
                    rs.getLong("sender_index") / (double) raw);
            System.out.printf(f, "thread, attachment, attachment_text, raw_message, blob (all)", rs.getLong("other") / n,
                    rs.getLong("other") / (double) raw);
            System.out.printf(f, "database without blob bytes", db / n, db / (double) raw);
            System.out.printf(f, "blob_content (raw .eml + deduplicated attachments)", blobs / n, blobs / (double) raw);
            System.out.printf(f, "total", (db + blobs) / n, (db + blobs) / (double) raw);
        }
    }
}
