package dev.mailroom.mail.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.mailroom.contract.EmailAddress;

class AddressParserTest {

    @Test
    void apiMailboxIsAnAddrSpecOrANameAddr() {
        assertEquals(EmailAddress.of("ada@example.com"), AddressParser.mailbox("  ada@example.com "));
        assertEquals(new EmailAddress("Ada Lovelace", "ada@example.com"),
                AddressParser.mailbox("Ada Lovelace <ada@example.com>"));
        assertEquals(new EmailAddress("Lovelace, \"Ada\"", "ada@example.com"),
                AddressParser.mailbox("\"Lovelace, \\\"Ada\\\"\" < ada@example.com >"));
        assertEquals(EmailAddress.of("ada@example.com"), AddressParser.mailbox("<ada@example.com>"));
    }

    @Test
    void malformedApiMailboxNamesTheProblem() {
        assertEquals("is empty", assertThrows(AddressParser.AddressParseException.class,
                () -> AddressParser.mailbox(" ")).getMessage());
        assertEquals("is empty", assertThrows(AddressParser.AddressParseException.class,
                () -> AddressParser.mailbox(null)).getMessage());
        assertEquals("has '<' without a closing '>'", assertThrows(AddressParser.AddressParseException.class,
                () -> AddressParser.mailbox("Ada <ada@example.com")).getMessage());
    }

    @Test
    void addressListReadsNameAddrsGroupsCommentsAndEncodedWords() {
        String field = "\"Doe, Jane\" <jane@Example.COM>, bob@example.org (Bob),\r\n"
                + " Team: ann@a.example, \"Carl\" <carl@b.example>;, =?UTF-8?Q?J=C3=BCrgen?= <j@c.example>,"
                + " Empty:;, (just a comment) <@relay.example:routed@d.example>";
        assertEquals(List.of(new EmailAddress("Doe, Jane", "jane@Example.COM"), EmailAddress.of("bob@example.org"),
                EmailAddress.of("ann@a.example"), new EmailAddress("Carl", "carl@b.example"),
                new EmailAddress("Jürgen", "j@c.example"), EmailAddress.of("routed@d.example")),
                AddressParser.addressList(field));
    }

    @Test
    void addressListSkipsWhatIsNoMailbox() {
        assertEquals(List.of(), AddressParser.addressList("undisclosed-recipients:;"));
        assertEquals(List.of(EmailAddress.of("a@x.example")), AddressParser.addressList(", <a@x.example>, @, <@x>"));
        assertEquals(List.of(EmailAddress.of("user0"), EmailAddress.of("Shawn Morgan")),
                AddressParser.addressList("user0, Shawn   Morgan"));
        assertEquals(List.of(EmailAddress.of("\"a  b\"@x.example")), AddressParser.addressList("\"a  b\" @ x . example"));
        assertEquals(List.of(), AddressParser.addressList(null));
    }

    @Test
    void quotedSpecialsDoNotSplitTheList() {
        assertEquals(List.of(new EmailAddress("a, <b>; c: d", "e@x.example")),
                AddressParser.addressList("\"a, <b>; c: d\" <e@x.example>"));
        assertEquals(List.of(new EmailAddress("x (not a comment)", "f@y.example")),
                AddressParser.addressList("\"x (not a comment)\" <f@y.example>"));
    }

    @Test
    void domainsAreLowerCaseWithoutTheTrailingDot() {
        assertEquals(List.of("example.com", "example.org"),
                AddressParser.domains("Ann <ann@Example.COM.>, g: b@EXAMPLE.org;, local"));
        // how the router reads the From domains DMARC evaluates: comments, quotes, groups, folding
        assertEquals(List.of("example.com"),
                AddressParser.domains(" \"Doe, J (x@y.z)\" <j@Example.COM> (comment@c.d)"));
        assertEquals(List.of("a.example", "b.example"), AddressParser.domains("a@a.example, B <b@b.example>"));
        assertEquals(List.of(), AddressParser.domains("undisclosed"));
        assertEquals(List.of("a.example", "b.example"), AddressParser.domains("Ann <a@a.example>,\r\n b@B.example"));
    }

    @Test
    void addrSpecSplitsAtTheLastAt() {
        assertEquals(Optional.of(new AddrSpec("\"a@b\"", "Example.com")), AddrSpec.split("\"a@b\"@Example.com"));
        assertEquals("example.com", AddrSpec.split("x@Example.COM").orElseThrow().lowerDomain());
        assertEquals(new AddrSpec("echo+t1", "example.com"), AddrSpec.split("Echo+T1@Example.com").orElseThrow()
                .lowerCase());
        assertEquals(Optional.empty(), AddrSpec.split("@example.com"));
        assertEquals(Optional.empty(), AddrSpec.split("a@"));
        assertEquals(Optional.empty(), AddrSpec.split("plain"));
        assertEquals(Optional.empty(), AddrSpec.split(null));
        assertEquals(Optional.of("example.org"), AddrSpec.domainOf("a@EXAMPLE.org"));
    }

    @Test
    void subAddressSplitsAtTheFirstConfiguredSeparator() {
        assertEquals(new SubAddress("echo", Optional.of("t1+x")), SubAddress.split("echo+t1+x", "+"));
        assertEquals(new SubAddress("echo", Optional.of("t1")), SubAddress.split("echo--t1", "--"));
        assertEquals(new SubAddress("echo", Optional.empty()), SubAddress.split("echo+", "+"));
        assertEquals(new SubAddress("echo+t1", Optional.empty()), SubAddress.split("echo+t1", ""));
        assertEquals(new SubAddress("echo-t1", Optional.empty()), SubAddress.split("echo-t1", "+"));
        assertEquals("echo", SubAddress.mailboxName("Echo+T1", "+"));
    }

    @Test
    void forwardPathCheckIsTheRcptCheck() {
        assertTrue(AddressSyntax.isForwardPath("a@b"));
        assertTrue(AddressSyntax.isForwardPath("ü@bü.example"));
        assertFalse(AddressSyntax.isForwardPath("a b@c"));
        assertFalse(AddressSyntax.isForwardPath("a@b\u007f"));
        assertFalse(AddressSyntax.isForwardPath("@b"));
        assertFalse(AddressSyntax.isForwardPath("a@"));
    }

    @Test
    void domainNormalisationGivesLowerCaseALabels() {
        assertEquals("xn--bcher-kva.example", DomainName.normalize(" Bücher.Example. "));
        assertEquals("example.com", DomainName.normalize("EXAMPLE.com"));
        assertThrows(IllegalArgumentException.class, () -> DomainName.normalize("."));
    }

    @Test
    void asciiDomainIsStrict() {
        assertEquals("xn--bcher-kva.example", AddressSyntax.asciiDomain("bücher.example"));
        assertEquals("domain has an empty label",
                assertThrows(IllegalArgumentException.class, () -> AddressSyntax.asciiDomain("a..b")).getMessage());
        assertEquals("domain must be a host name (address literals are not accepted)",
                assertThrows(IllegalArgumentException.class, () -> AddressSyntax.asciiDomain("[1.2.3.4]"))
                        .getMessage());
    }

    @Test
    void aListOfMailboxesNamesEachOneThatCannotBeRead() {
        List<String> problems = new java.util.ArrayList<>();
        List<EmailAddress> read = AddressParser.mailboxes(List.of("ann@x.test", "Bob <bob@x.test", " ",
                "\"Lee, Carol\" <carol@x.test>"), "cc", (field, detail) -> problems.add(field + ": " + detail));
        assertEquals(List.of(EmailAddress.of("ann@x.test"), new EmailAddress("Lee, Carol", "carol@x.test")), read);
        assertEquals(List.of("cc[1]: has '<' without a closing '>'", "cc[2]: is empty"), problems);
        assertEquals(List.of(), AddressParser.mailboxes(null, "to", (field, detail) -> problems.add(field)));
    }
}
