package dev.mailroom.mail.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.EmailAddress;

/**
 * {@link AddressParser#addressList} against mime4j's lenient address parser (what router used before) on every
 * address field of the shared corpus and on hand-written tricky values: the same mailboxes, except where mime4j is
 * wrong (listed in {@link #MIME4J_WRONG}).
 */
class AddressParserCorpusTest {

    private static final Pattern FIELD = Pattern.compile(
            "^(From|To|Cc|Reply-To|Sender|Resent-From|Resent-To):[ \\t]*([^\\r\\n]*(?:\\r?\\n[ \\t][^\\r\\n]*)*)",
            Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);

    private static final List<String> TRICKY = List.of("Ann (the boss) <ann (x) @ example.org>", "a@x, , b@y",
            "Team: a@x, B <b@y>;, c@z", "=?UTF-8?Q?J=C3=BCrgen?= <j@x>", "Name<a@x>", "<@r1,@r2:a@x>", "a@[1.2.3.4]",
            "\"Doe, J\" <j@x>", "\"q\\\"x\" <q@x>", "a.b @ c.d", "undisclosed-recipients:;", "(only comment)",
            "x@y (Name)", "Ann <a@x>, Bob <b@y>", "user0, Shawn Morgan", "<Undisclosed Recipients>");

    /** Where mime4j errs, what we give instead. */
    private static final Map<String, List<EmailAddress>> MIME4J_WRONG = Map.of(
            // mime4j drops the quotes, so the address no longer names the mailbox
            "\"a b\"@x.example", List.of(EmailAddress.of("\"a b\"@x.example")),
            // mime4j cuts non-ASCII domains short ("exämple.")
            "Jürgen Müller <jü@exämple.org>", List.of(new EmailAddress("Jürgen Müller", "jü@exämple.org")),
            // mime4j reads text after the angle address as another mailbox, and keeps ';' in the domain
            "<a@x> trailing", List.of(EmailAddress.of("a@x")),
            "a@x;", List.of(EmailAddress.of("a@x")));

    @Test
    void addressFieldsParseAsMime4jDoesExceptWhereItErrs() throws IOException {
        Path root = Path.of(System.getProperty("mailroom-corpus", "../../shared/corpus"));
        assumeTrue(Files.isDirectory(root), "conformance corpus absent, skipped: " + root);
        List<String> values = new ArrayList<>(TRICKY);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Matcher m = FIELD.matcher(new String(Files.readAllBytes(f), StandardCharsets.US_ASCII));
                while (m.find()) {
                    String v = m.group(2);
                    // expected-result files quote fields as XML; 8-bit fields are mime4j's cut-short domains again
                    if (!v.contains("</field>") && !v.contains("&lt;") && v.chars().allMatch(c -> c < 0x80)) {
                        values.add(v);
                    }
                }
            }
        }
        assertTrue(values.size() > 200, "corpus address fields: " + values.size());
        for (String v : values) {
            assertEquals(mime4j(v), AddressParser.addressList(v), v);
        }
        MIME4J_WRONG.forEach((v, ours) -> assertEquals(ours, AddressParser.addressList(v), v));
    }

    private static List<EmailAddress> mime4j(String value) {
        List<EmailAddress> out = new ArrayList<>();
        for (Mailbox mb : LenientAddressParser.DEFAULT.parseAddressList(value).flatten()) {
            if (mb.getLocalPart() != null && !mb.getLocalPart().isEmpty()) {
                String name = mb.getName();
                out.add(new EmailAddress(name == null || name.isEmpty() ? null : name, mb.getAddress()));
            }
        }
        return out;
    }
}
