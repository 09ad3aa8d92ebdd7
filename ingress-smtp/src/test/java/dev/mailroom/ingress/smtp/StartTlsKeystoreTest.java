package dev.mailroom.ingress.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Optional;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailroom.ingress.config.IngressConfig;

/** The configured PKCS12 keystore is used as is; a wrong password stops startup instead of falling back. */
class StartTlsKeystoreTest {

    @TempDir
    Path dir;

    @Test
    void configuredPkcs12KeystoreBuildsTheTlsContext() throws Exception {
        Path file = keystore("s3cret");
        SSLContext context = StartTls.context(tls(file, "s3cret"), "mx.example.test");
        assertTrue(context.getServerSocketFactory().getDefaultCipherSuites().length > 0);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(file)) {
            ks.load(in, "s3cret".toCharArray());
        }
        assertEquals("CN=mx.example.test",
                ((java.security.cert.X509Certificate) ks.getCertificate("mx")).getSubjectX500Principal().getName());
    }

    @Test
    void wrongKeystorePasswordFailsStartup() throws Exception {
        Path file = keystore("s3cret");
        assertThrows(java.io.IOException.class, () -> StartTls.context(tls(file, "wrong"), "mx.example.test"));
    }

    @Test
    void withoutKeystoreASelfSignedCertificateIsGenerated() throws Exception {
        SSLContext context = StartTls.context(tls(null, null), "mailroom.localhost");
        assertTrue(context.getServerSocketFactory().getDefaultCipherSuites().length > 0);
    }

    private Path keystore(String password) throws Exception {
        Path file = dir.resolve("mx.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "mx", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=mx.example.test",
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", password, "-keypass", password)
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        return file;
    }

    private static IngressConfig.Tls tls(Path file, String password) {
        return new IngressConfig.Tls() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public Optional<Path> keystoreFile() {
                return Optional.ofNullable(file);
            }

            @Override
            public Optional<String> keystorePassword() {
                return Optional.ofNullable(password);
            }
        };
    }
}
