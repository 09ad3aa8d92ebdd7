package dev.mailroom.mailbox.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

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

class QueryParserTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private static List<Group> parse(String q) {
        return QueryParser.parse(q, NOW).groups();
    }

    private static Term only(String q) {
        List<Group> groups = parse(q);
        assertEquals(1, groups.size(), q + " -> " + groups);
        assertEquals(1, groups.get(0).alternatives().size(), q + " -> " + groups);
        return groups.get(0).alternatives().get(0).term();
    }

    private static QuerySyntaxException refused(String q) {
        return assertThrows(QuerySyntaxException.class, () -> QueryParser.parse(q, NOW), q);
    }

    @Test
    void nothingToSearchIsAnEmptyQuery() {
        assertEquals(List.of(), parse(null));
        assertEquals(List.of(), parse("   "));
        assertEquals(List.of(), parse("!! -- ..."), "terms without a letter or digit are ignored");
    }

    @Test
    void bareWordsAndQuotedPhrasesAreTextEachItsOwnGroup() {
        assertEquals(List.of(group(false, new Text("invoice")), group(false, new Text("quarterly report"))),
                parse("invoice  \"quarterly report\""));
        assertTrue(QueryParser.parse("invoice", NOW).hasText());
        assertFalse(QueryParser.parse("is:unread", NOW).hasText());
    }

    @Test
    void everyOperatorReadsItsValue() {
        assertEquals(new Party(PartyField.FROM, "ann@example.org"), only("from:ann@example.org"));
        assertEquals(new Party(PartyField.FROM, "Ann Lee"), only("FROM:\"Ann Lee\""));
        assertEquals(new Party(PartyField.TO, "bob"), only("to:bob"));
        assertEquals(new Party(PartyField.CC, "carol"), only("cc:carol"));
        assertEquals(new Subject("re: order"), only("subject:\"re: order\""));
        assertEquals(new Subject("re:"), only("subject:re:"), "a value may hold a colon");
        assertEquals(new HasAttachment(), only("has:attachment"));
        assertEquals(new Filename("report.pdf"), only("filename:report.pdf"));
        assertEquals(new Is(Flag.UNREAD), only("is:unread"));
        assertEquals(new Is(Flag.READ), only("is:Read"));
        assertEquals(new Is(Flag.STARRED), only("is:starred"));
        assertEquals(new Label("to do"), only("label:\"to do\""));
        assertEquals(new In("trash"), only("in:trash"));
        assertEquals(new In(null), only("in:anywhere"));
        assertEquals(new Before(Instant.parse("2026-01-02T00:00:00Z")), only("before:2026/01/02"));
        assertEquals(new After(Instant.parse("2026-01-02T00:00:00Z")), only("after:2026-1-2"));
        assertEquals(new After(Instant.parse("2026-01-02T10:00:00Z")), only("after:2026-01-02T11:00:00+01:00"));
        assertEquals(new After(Instant.parse("2026-12-05T12:00:00Z")), only("newer_than:2d"));
        assertEquals(new After(Instant.parse("2026-12-07T09:00:00Z")), only("newer_than:3h"));
        assertEquals(new Before(Instant.parse("2026-10-07T12:00:00Z")), only("older_than:2m"));
        assertEquals(new Before(Instant.parse("2025-12-07T12:00:00Z")), only("older_than:1y"));
        assertEquals(new Before(Instant.parse("0001-01-01T00:00:00Z")), only("older_than:99999y"),
                "never before year 1");
    }

    @Test
    void aMinusNegatesWordsPhrasesAndOperators() {
        assertEquals(List.of(group(false, new Text("invoice")), group(true, new Text("paid")),
                group(true, new Party(PartyField.FROM, "bank")), group(true, new Text("final notice"))),
                parse("invoice -paid -from:bank -\"final notice\""));
        assertEquals(List.of(group(false, new Text("a"))), parse("a -"), "a lone minus is ignored");
    }

    @Test
    void orJoinsTheTermsBesideIt() {
        assertEquals(List.of(new Group(List.of(new Condition(false, new Party(PartyField.FROM, "ann")),
                new Condition(false, new Party(PartyField.FROM, "bob")), new Condition(true, new Text("x")))),
                group(false, new Text("invoice"))), parse("from:ann OR from:bob OR -x invoice"));
        assertEquals(List.of(group(false, new Text("or")), group(false, new Text("b"))), parse("or b"),
                "only upper-case OR joins");
    }

    @Test
    void textWithAColonThatIsNoOperatorStaysText() {
        assertEquals(new Text("Re:"), only("Re:"));
        assertEquals(new Text("10:30"), only("10:30"));
        assertEquals(new Text("https://example.org/x"), only("https://example.org/x"));
        assertEquals(new Text("note:important"), only("\"note:important\""));
    }

    @Test
    void whatCannotBeReadIsRefusedNamingTheToken() {
        assertEquals("form:ann", refused("invoice form:ann").token());
        assertTrue(refused("form:ann").reason().contains("unknown operator form"));
        assertEquals("in:inbx", refused("in:inbx").token());
        assertEquals("is:important", refused("is:important").token());
        assertEquals("has:drive", refused("has:drive").token());
        assertEquals("newer_than:3w", refused("newer_than:3w").token());
        assertEquals("older_than:d", refused("older_than:d").token());
        assertEquals("before:2026-13-01", refused("before:2026-13-01").token());
        assertEquals("after:yesterday", refused("after:yesterday").token());
        assertEquals("from:", refused("from:").token());
        assertEquals("subject:!!", refused("subject:!!").token());
        assertEquals("\"open phrase", refused("a \"open phrase").token());
        assertEquals("from:\"Ann", refused("from:\"Ann").token());
        assertEquals("OR", refused("OR a").token());
        assertEquals("OR", refused("a OR").token());
        assertEquals("OR", refused("a OR OR b").token());
        assertTrue(refused("x".repeat(1001)).reason().contains("1000"));
        assertTrue(refused("a ".repeat(51)).reason().contains("50 terms"));
    }

    @Test
    void onlyAFolderNamedWithoutMinusLiftsTheDefaultFolders() {
        assertTrue(QueryParser.parse("in:spam", NOW).namesFolder());
        assertFalse(QueryParser.parse("-in:inbox", NOW).namesFolder());
        assertFalse(QueryParser.parse("invoice", NOW).namesFolder());
    }

    private static Group group(boolean negated, Term term) {
        return new Group(List.of(new Condition(negated, term)));
    }
}
