package dev.mailroom.ingress.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.subethamail.smtp.server.SSLSocketCreator;

import dev.mailroom.ingress.config.IngressConfig;
import io.quarkus.logging.Log;

/**
 * The server side of STARTTLS: the {@link SSLContext} (from the configured PKCS12 keystore, or a self-signed
 * certificate generated at startup for local runs) and the socket SubEthaSMTP switches to after
 * {@code 220 Ready to start TLS}.
 *
 * <p>The self-signed certificate is made by the JDK's own {@code keytool} (run once, as a child process, into a
 * temporary keystore that is read and deleted at once): the JDK has no public API to build an X.509 certificate,
 * and this keeps BouncyCastle out of the dependencies. SubEthaSMTP's own {@code startTlsSocketFactory(SSLContext)}
 * is not used: it does a reverse DNS lookup per connection and enables every supported protocol, SSLv3 included.
 */
final class StartTls {

    /** Protocols offered; everything older is refused. */
    static final String[] PROTOCOLS = { "TLSv1.3", "TLSv1.2" };

    private StartTls() {
    }

    /** Builds the server's TLS context from {@code tls}, or from a fresh self-signed certificate for {@code hostname}. */
    static SSLContext context(IngressConfig.Tls tls, String hostname) throws IOException, GeneralSecurityException {
        KeyStore keyStore;
        char[] password;
        if (tls.keystoreFile().isPresent()) {
            Path file = tls.keystoreFile().get();
            password = tls.keystorePassword().orElse("").toCharArray();
            keyStore = load(file, password);
            Log.infof("smtp tls certificate from keystore file=%s", file);
        } else {
            password = randomPassword();
            keyStore = selfSigned(hostname, password);
            Log.warnf("smtp tls uses a self-signed certificate cn=%s (set mailroom.smtp.tls.keystore-file for "
                    + "production)", hostname);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, new SecureRandom());
        return context;
    }

    /** Wraps an accepted plain socket as the server end of a TLS connection, without any DNS lookup. */
    static SSLSocketCreator socketCreator(SSLContext context) {
        return socket -> {
            InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
            SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(socket, remote.getHostString(),
                    socket.getPort(), true);
            s.setUseClientMode(false);
            s.setEnabledProtocols(supported(s, PROTOCOLS));
            return s;
        };
    }

    /** True when the session's socket is a TLS socket, i.e. STARTTLS completed. */
    static boolean encrypted(Socket socket) {
        return socket instanceof SSLSocket;
    }

    private static String[] supported(SSLSocket s, String[] wanted) {
        List<String> supported = List.of(s.getSupportedProtocols());
        return List.of(wanted).stream().filter(supported::contains).toArray(String[]::new);
    }

    private static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password);
        }
        return ks;
    }

    private static KeyStore selfSigned(String hostname, char[] password) throws IOException, GeneralSecurityException {
        Path dir = Files.createTempDirectory("mailroom-tls");
        Path file = dir.resolve("self-signed.p12");
        try {
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            String cn = hostname.replaceAll("[^A-Za-z0-9.-]", "");
            Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "mailroom", "-keyalg", "RSA",
                    "-keysize", "2048", "-validity", "825", "-dname", "CN=" + cn, "-ext", "SAN=dns:" + cn,
                    "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", new String(password),
                    "-keypass", new String(password))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool failed: " + output.trim());
            }
            return load(file, password);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating the self-signed certificate", e);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * A random keystore password that keytool reads as one: it starts with a letter, since the launcher of the JDK's
     * tools takes any argument beginning with {@code -J} as a JVM option (URL-safe base64 starts so 1 time in 4,096,
     * and keytool then failed with "Could not find or load main class").
     */
    static char[] randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return ("k" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)).toCharArray();
    }
}
