package dev.mailroom.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void readsEveryKindOfValue() {
        Object v = Json.parse(" {\"a\": [1, -2, 3.5, 1e3, true, false, null], \"b\": {\"c\": \"d\"}, \"e\": \"\"} ");
        Map<String, Object> m = Json.cast(v);
        assertEquals(List.of(1L, -2L, new BigDecimal("3.5"), new BigDecimal("1e3"), true, false),
                ((List<?>) m.get("a")).subList(0, 6));
        assertNull(((List<?>) m.get("a")).get(6));
        assertEquals(Map.of("c", "d"), m.get("b"));
        assertEquals("", m.get("e"));
    }

    @Test
    void integersThatFitAreLongsOthersBigDecimals() {
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
        assertEquals(new BigDecimal("9223372036854775808"), Json.parse("9223372036854775808"));
        assertEquals(new BigDecimal("0.1"), Json.parse("0.1"));
        assertEquals(0L, Json.parse("-0"));
    }

    @Test
    void decodesEscapesAndSurrogatePairs() {
        assertEquals("a\"b\\c/d\b\f\n\r\té😀", Json.parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\""));
        assertEquals("😀", Json.parse("\"😀\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "[1,]", "{\"a\":1,}", "01", "-", "1.", ".5", "1e", "+1", "NaN", "tru",
            "\"abc", "\"\\x\"", "\"\\u12\"", "\"a\u0001b\"", "{a:1}", "[1 2]", "{\"a\" 1}", "1 2", "// c\n1",
            "\"\\ud83d\"", "\"\\ude00\"", "\"\\ud83d\\u0041\"", "{\"a\":1,\"a\":2}", "'a'", "[1]]"})
    void refusesWhatRfc8259Refuses(String text) {
        assertThrows(Json.ParseException.class, () -> Json.parse(text));
    }

    @Test
    void refusesDeepNesting() {
        String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);
        assertThrows(Json.ParseException.class, () -> Json.parse(deep));
    }

    @Test
    void writesAndReadsBack() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "line\nquote\" tab\t ctl\u0001 é 😀 \u2028");
        m.put("n", 42);
        m.put("big", new BigDecimal("12345678901234567890.5"));
        m.put("d", 0.25);
        m.put("b", true);
        m.put("null", null);
        m.put("list", List.of(1L, "x"));
        String text = Json.write(m);
        assertEquals("{\"s\":\"line\\nquote\\\" tab\\t ctl\\u0001 é 😀 \\u2028\",\"n\":42,"
                + "\"big\":12345678901234567890.5,\"d\":0.25,\"b\":true,\"null\":null,\"list\":[1,\"x\"]}", text);
        Map<String, Object> back = Json.cast(Json.parse(text));
        assertEquals(m.get("s"), back.get("s"));
        assertEquals(42L, back.get("n"));
        assertEquals(new BigDecimal("0.25"), back.get("d"));
        assertEquals(List.of(1L, "x"), back.get("list"));
    }

    @Test
    void refusesWhatJsonCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
    }

    @Test
    void jsonObjectGettersConvert() {
        JsonObject j = JsonObject.parse("{\"n\":7,\"s\":\"x\",\"t\":\"2026-12-07T06:13:04Z\",\"o\":{\"k\":true},"
                + "\"a\":[{\"x\":1}],\"l\":[\"p\",\"q\"]}");
        assertEquals(7L, j.longValue("n"));
        assertEquals(7, j.intValue("n"));
        assertEquals("2026-12-07T06:13:04Z", j.instant("t").toString());
        assertEquals(true, j.object("o").bool("k"));
        assertEquals(1L, j.objects("a").get(0).longValue("x"));
        assertEquals(List.of("p", "q"), j.strings("l"));
        assertNull(j.string("missing"));
        assertInstanceOf(JsonObject.class, j.object("missing"));
        assertEquals(j, JsonObject.parse(j.toString()));
    }
}
