package dev.mailroom.egress.delivery;

import java.util.Objects;

/**
 * A server to deliver to. Also the connection pool key: transactions share connections only with the same endpoint.
 *
 * @param host host name or IP address
 * @param port TCP port
 * @param tls STARTTLS policy
 * @param credentials for SMTP AUTH, or {@code null}
 * @param trustAll with {@link TlsPolicy#REQUIRED}: accept any certificate (OPPORTUNISTIC always does)
 */
public record SmtpEndpoint(String host, int port, TlsPolicy tls, Credentials credentials, boolean trustAll) {

    public SmtpEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** {@code host:port} ({@code [v6]:port} for IPv6 literals). */
    public String hostPort() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
