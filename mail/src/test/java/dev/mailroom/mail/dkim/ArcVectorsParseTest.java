package dev.mailroom.mail.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.mailroom.mail.Corpus;

import dev.mailroom.mail.dkim.RawMessage;

/**
 * ARC (RFC 8617) is not evaluated; this only checks that the ARC vectors ({@code stalwart-mail-auth/arc/*.txt}) split
 * into header fields whose ARC-Seal / ARC-Message-Signature / ARC-Authentication-Results sets parse as tag lists
 * with consecutive instances {@code i=1..n}.
 */
class ArcVectorsParseTest {

    @Test
    void arcSetsParse() throws Exception {
        Path dir = Corpus.folder("stalwart-mail-auth").resolve("arc");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        int sets = 0;
        for (Path f : files) {
            String text = Files.readString(f, StandardCharsets.ISO_8859_1);
            RawMessage m = RawMessage.parse(text.substring(text.indexOf("\n\n") + 2)
                    .getBytes(StandardCharsets.ISO_8859_1));
            Set<Integer> seals = new TreeSet<>();
            for (RawMessage.HeaderField h : m.headers("ARC-Seal")) {
                TagList t = TagList.parse(h.value());
                for (String tag : List.of("i", "a", "b", "d", "s", "cv")) {
                    assertTrue(t.get(tag).isPresent(), f + ": ARC-Seal without " + tag);
                }
                seals.add(Integer.parseInt(t.get("i").get()));
            }
            Set<Integer> ams = new TreeSet<>();
            for (RawMessage.HeaderField h : m.headers("ARC-Message-Signature")) {
                TagList t = TagList.parse(h.value());
                for (String tag : List.of("i", "a", "b", "bh", "d", "h", "s")) {
                    assertTrue(t.get(tag).isPresent(), f + ": ARC-Message-Signature without " + tag);
                }
                ams.add(Integer.parseInt(t.get("i").get()));
            }
            Set<Integer> aar = new TreeSet<>();
            for (RawMessage.HeaderField h : m.headers("ARC-Authentication-Results")) {
                String v = h.value().strip();
                aar.add(Integer.parseInt(v.substring(2, v.indexOf(';')).strip()));
            }
            assertTrue(!seals.isEmpty(), f + ": no ARC set");
            assertEquals(seals, ams, f.toString());
            assertEquals(seals, aar, f.toString());
            assertEquals(seals.size(), ((TreeSet<Integer>) seals).last(), f + ": instances not 1..n");
            sets += seals.size();
        }
        System.out.printf("stalwart-mail-auth arc: %d files, %d ARC sets parsed (not evaluated)%n", files.size(), sets);
    }
}
