package dev.mailroom.mailbox.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

class SqlBuilderTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void userInputReachesSqlOnlyAsParameters() {
        SqlParams params = new SqlParams();
        params.add("scope"); // the caller's own parameters come first
        String hostile = "x'); DROP TABLE message; --";
        SqlBuilder.Filter filter = SqlBuilder.build(QueryParser.parse("from:\"" + hostile + "\" \"" + hostile
                + "\" label:\"" + hostile + "\"", NOW), params, true);
        assertFalse(filter.where().contains("DROP"), filter.where());
        assertEquals(List.of("scope", "%" + hostile + "%", hostile, hostile), params.values());
        assertTrue(filter.where().startsWith("mail_sender(m.from_name, m.from_address) ILIKE $2 AND "
                + "m.search @@ phraseto_tsquery('mail_text', $3) AND m.labels @> ARRAY[$4::text]"), filter.where());
        assertEquals("phraseto_tsquery('mail_text', $3)", filter.rankQuery());
    }

    @Test
    void likeWildcardsInAValueAreLiteral() {
        assertEquals("%100\\%\\_a\\\\b%", SqlBuilder.contains("100%_a\\b"));
    }

    @Test
    void groupsAreAndedAlternativesOredNegationsWrappedAndOnlyPositiveTextRanked() {
        SqlParams params = new SqlParams();
        SqlBuilder.Filter filter = SqlBuilder.build(QueryParser.parse("a OR subject:b -c is:unread", NOW), params,
                false);
        assertEquals("(m.search @@ phraseto_tsquery('mail_text', $1) OR (m.search @@ phraseto_tsquery('mail_text',"
                + " $2) AND to_tsvector('mail_text', m.subject) @@ phraseto_tsquery('mail_text', $2)))"
                + " AND NOT (m.search @@ phraseto_tsquery('mail_text', $3)) AND m.unread", filter.where());
        assertEquals("(phraseto_tsquery('mail_text', $1) || phraseto_tsquery('mail_text', $2))",
                filter.rankQuery());
    }

    @Test
    void anyQueryOrsEveryPositiveTextOfEveryGroup() {
        SqlBuilder.Filter filter = SqlBuilder.build(QueryParser.parse("a OR b c -d", NOW), new SqlParams(), false);
        assertEquals("((phraseto_tsquery('mail_text', $1) || phraseto_tsquery('mail_text', $2))"
                + " && phraseto_tsquery('mail_text', $3))", filter.rankQuery());
        assertEquals("(phraseto_tsquery('mail_text', $1) || phraseto_tsquery('mail_text', $2)"
                + " || phraseto_tsquery('mail_text', $3))", filter.anyQuery());
        assertNull(SqlBuilder.build(QueryParser.parse("is:unread -d", NOW), new SqlParams(), false).anyQuery());
    }

    @Test
    void trashAndSpamAreLeftOutUnlessAFolderIsNamed() {
        assertEquals("m.folder NOT IN ('trash', 'spam')",
                SqlBuilder.build(QueryParser.parse("", NOW), new SqlParams(), true).where());
        assertEquals("m.folder = $1", SqlBuilder.build(QueryParser.parse("in:trash", NOW), new SqlParams(), true)
                .where());
        assertEquals("TRUE", SqlBuilder.build(QueryParser.parse("in:anywhere", NOW), new SqlParams(), true).where());
        assertEquals("TRUE", SqlBuilder.build(QueryParser.parse("", NOW), new SqlParams(), false).where());
    }

    @Test
    void timesAreTimestampParametersAndWithoutTextNothingIsRanked() {
        SqlParams params = new SqlParams();
        SqlBuilder.Filter filter = SqlBuilder.build(QueryParser.parse("newer_than:1d before:2026-12-07", NOW),
                params, false);
        assertEquals("m.at >= $1 AND m.at < $2", filter.where());
        assertEquals(OffsetDateTime.parse("2026-12-06T12:00:00Z"), params.values().get(0));
        assertNull(filter.rankQuery());
    }
}
