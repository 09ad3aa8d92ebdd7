package dev.mailroom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ArgsTest {

    private static final List<Args.Opt> OPTS = List.of(Args.Opt.flag("json", "j"), Args.Opt.value("subject", "S", "s"),
            Args.Opt.many("to", "A", "t"), Args.Opt.duration("wait", "w"), Args.Opt.many("attachment", "P", "a"));

    private static Args parse(String... words) {
        return Args.parse(List.of(words), OPTS, Map.of("attach", "attachment"));
    }

    @Test
    void valuesFlagsRepeatsAndPositionals() {
        Args a = parse("x", "--to", "a@b.c", "--to=d@e.f", "--subject", "one", "--subject", "two", "--json", "y");
        assertEquals(List.of("a@b.c", "d@e.f"), a.all("to"));
        assertEquals("two", a.get("subject"), "a single-valued option given twice: the last wins");
        assertTrue(a.has("json"));
        assertEquals(List.of("x", "y"), a.positionals());
    }

    @Test
    void aliasesMapToTheDeclaredName() {
        assertEquals(List.of("f.pdf", "g.pdf"), parse("--attach", "f.pdf", "--attachment", "g.pdf").all("attachment"));
    }

    @Test
    void anOptionalDurationTakesTheNextWordOnlyWhenItIsADuration() {
        assertEquals("60", parse("--wait", "60").get("wait"));
        assertEquals("2m", parse("--wait", "2m", "pos").get("wait"));
        Args bare = parse("--wait", "pos");
        assertEquals("", bare.get("wait"));
        assertEquals(List.of("pos"), bare.positionals());
        assertEquals("", parse("--wait").get("wait"));
        assertEquals("30s", parse("--wait=30s").get("wait"));
        assertEquals(Exit.USAGE, assertThrows(Exit.Failure.class, () -> parse("--wait=soon")).code());
    }

    @Test
    void unknownOptionsMissingValuesAndFlagValuesAreUsageErrors() {
        for (String[] bad : List.of(new String[] {"--bogus"}, new String[] {"--subject"}, new String[] {"--json=1"},
                new String[] {"-x"})) {
            Exit.Failure f = assertThrows(Exit.Failure.class, () -> parse(bad));
            assertEquals(Exit.USAGE, f.code(), String.join(" ", bad));
        }
    }

    @Test
    void doubleDashEndsOptionsAndDashIsAPositional() {
        Args a = parse("--", "--to", "-");
        assertFalse(a.has("to"));
        assertEquals(List.of("--to", "-"), a.positionals());
        assertEquals(List.of("-"), parse("-").positionals());
        assertEquals("-", parse("--subject", "-").get("subject"));
    }

    @Test
    void requiredValuesAndPositionalCountsAreChecked() {
        assertEquals(Exit.USAGE, assertThrows(Exit.Failure.class, () -> parse().need("subject")).code());
        assertEquals(Exit.USAGE, assertThrows(Exit.Failure.class, () -> parse("a", "b").atMost(1)).code());
        assertEquals(Exit.USAGE, assertThrows(Exit.Failure.class, () -> parse().arg(0, "domain name")).code());
    }

    @Test
    void durationsInEveryUnit() {
        assertEquals(Duration.ofSeconds(30), Args.duration("30", "x"));
        assertEquals(Duration.ofSeconds(30), Args.duration("30s", "x"));
        assertEquals(Duration.ofMillis(500), Args.duration("500ms", "x"));
        assertEquals(Duration.ofMinutes(2), Args.duration("2m", "x"));
        assertEquals(Duration.ofHours(1), Args.duration("1h", "x"));
        assertThrows(Exit.Failure.class, () -> Args.duration("1d", "x"));
    }
}
