package dev.mailroom.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.YearMonth;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.mailroom.mail.dkim.DkimKey;

class DomainNamesTest {

    @Test
    void namesAreLowerCaseALabelsWithoutTheTrailingDot() throws Exception {
        assertEquals("shop.example.org", DomainNames.normalize(" Shop.Example.ORG. "));
        assertEquals("xn--bcher-kva.example", DomainNames.normalize("Bücher.example"));
        assertEquals("a-b.c1.example", DomainNames.normalize("a-b.c1.example"));
    }

    @Test
    void nonHostNamesAreRefusedWithAReason() {
        for (String bad : List.of("", " ", "localhost", "bad_name.example", "-a.example", "a-.example",
                "a..example", "192.168.0.1", "a b.example", "x.".repeat(116) + "example",
                "l" + "x".repeat(63) + ".example")) {
            DomainNames.InvalidDomainException e = assertThrows(DomainNames.InvalidDomainException.class,
                    () -> DomainNames.normalize(bad), bad);
            assertTrue(!e.getMessage().isBlank());
        }
    }

    @Test
    void selectorsAreDatedTypedAndNeverReused() {
        YearMonth nov = YearMonth.of(2026, 11);
        assertEquals("mr202611r", Selectors.next(nov, DkimKey.Algorithm.RSA_SHA256, Set.of()));
        assertEquals("mr202611e", Selectors.next(nov, DkimKey.Algorithm.ED25519_SHA256, Set.of("mr202611r")));
        assertEquals("mr202611r2", Selectors.next(nov, DkimKey.Algorithm.RSA_SHA256, Set.of("mr202611r")));
        assertEquals("mr202611e3", Selectors.next(nov, DkimKey.Algorithm.ED25519_SHA256,
                Set.of("mr202611e", "mr202611e2")));
        assertEquals("mr202701r", Selectors.next(YearMonth.of(2027, 1), DkimKey.Algorithm.RSA_SHA256, Set.of()));
    }
}
