package dev.mailroom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mailroom.sdk.JsonObject;

class OutputTest {

    @Test
    void prettyJsonHasTheShapeScriptsGrepFor() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", "abc");
        m.put("n", 3L);
        m.put("list", List.of("x", "y"));
        m.put("empty", List.of());
        m.put("nested", Map.of("ok", true));
        m.put("none", null);
        assertEquals("{\n  \"id\": \"abc\",\n  \"n\": 3,\n  \"list\": [\n    \"x\",\n    \"y\"\n  ],\n  \"empty\": [],\n"
                + "  \"nested\": {\n    \"ok\": true\n  },\n  \"none\": null\n}", Output.pretty(m));
    }

    @Test
    void compactJsonIsOneLineAndReadsBackTheSame() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", "line 1\nline \"2\"\t\u0001 \u2028");
        m.put("list", Arrays.asList(1L, null, "a: b"));
        String c = Output.compact(m);
        assertTrue(!c.contains("\n") && !c.contains("\u2028"), c);
        assertEquals(JsonObject.of(m), JsonObject.parse(c));
        assertEquals(JsonObject.of(m), JsonObject.parse(Output.pretty(m)));
    }

    @Test
    void tablesAlignColumnsAndKeepEachCellOnOneLine() {
        String t = Output.table(List.of("id", "subject"), List.of(List.of("1", "hello\nworld\u001b[31m"),
                Arrays.asList("22", null)), 60);
        assertEquals("ID  SUBJECT\n1   hello world [31m\n22  -\n", t);
        assertEquals("(none)\n", Output.table(List.of("id"), List.of(), 60));
        assertEquals("abcdefghi…", Output.cell("abcdefghijklmnop", 10));
    }

    @Test
    void untrustedTextLosesTerminalEscapesAndBidiControlsButKeepsLines() {
        assertEquals("red text\n\tnext", Commands.untrusted("\u001b[31mred text\u001b[0m\n\tnext")
                .replace("[31m", "").replace("[0m", ""));
        assertEquals("ab", Commands.untrusted("a\u202eb"));
        assertEquals("a\rb".length() - 1, Commands.untrusted("a\rb").length());
    }

    @Test
    void timesAreShortenedForTables() {
        assertEquals("2026-12-07 21:15:08", Commands.when("2026-12-07T21:15:08.123456Z"));
        assertEquals(null, Commands.when(null));
    }
}
