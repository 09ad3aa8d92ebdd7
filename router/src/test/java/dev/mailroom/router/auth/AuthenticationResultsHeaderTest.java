package dev.mailroom.router.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mailroom.contract.Authentication;

class AuthenticationResultsHeaderTest {

    @Test
    void formatsPassesLikeRfc8601() {
        String header = AuthenticationResultsHeader.format("mailroom.localhost",
                new Authentication.Spf("pass", "example.org", "matched ip4"), "mailfrom",
                List.of(new Authentication.Dkim("pass", "example.org", "sel", "rsa-sha256", null)),
                new Authentication.Dmarc("pass", "example.org", null, true, true));
        assertEquals("mailroom.localhost; spf=pass smtp.mailfrom=example.org; dkim=pass header.d=example.org "
                + "header.s=sel header.a=rsa-sha256; dmarc=pass header.from=example.org", header);
    }

    @Test
    void failuresCarryQuotedReasonsAndPolicy() {
        String header = AuthenticationResultsHeader.format("mx.test",
                new Authentication.Spf("fail", "helo.example", "matched -all \"x\""), "helo",
                List.of(new Authentication.Dkim("fail", "a.example", "s1", "ed25519-sha256", "body hash did not verify"),
                        new Authentication.Dkim("permerror", "b(.example", "s2", "rsa-sha256", "bad d=")),
                new Authentication.Dmarc("fail", "a.example", "reject", false, false));
        assertEquals("mx.test; spf=fail reason=\"matched -all \\\"x\\\"\" smtp.helo=helo.example; "
                + "dkim=fail reason=\"body hash did not verify\" header.d=a.example header.s=s1 header.a=ed25519-sha256; "
                + "dkim=permerror reason=\"bad d=\" header.d=\"b(.example\" header.s=s2 header.a=rsa-sha256; "
                + "dmarc=fail (p=reject) header.from=a.example", header);
    }

    @Test
    void noSignatureIsDkimNone() {
        String header = AuthenticationResultsHeader.format("id", new Authentication.Spf("none", "x.example", null),
                "mailfrom", List.of(), new Authentication.Dmarc("none", "x.example", null, false, false));
        assertEquals("id; spf=none smtp.mailfrom=x.example; dkim=none; dmarc=none header.from=x.example", header);
    }
}
