package dev.mailroom.ingress.smtp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StartTlsPasswordTest {

    /** keytool's launcher takes an argument starting with "-J" as a JVM option: no password may start with '-'. */
    @Test
    void aRandomKeystorePasswordNeverStartsLikeAnOption() {
        for (int i = 0; i < 20_000; i++) {
            char[] password = StartTls.randomPassword();
            assertTrue(Character.isLetterOrDigit(password[0]), new String(password));
            assertTrue(password.length >= 24, "18 random bytes at least");
        }
    }
}
