package dev.mailroom.ingress.smtp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.AuthenticationHandlerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.RejectException;

import dev.mailroom.platform.auth.ApiKeyVerifier;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.auth.KeyCheckUnavailable;
import io.quarkus.logging.Log;

/**
 * SMTP AUTH on the submission listener (RFC 4954): mechanisms {@code PLAIN} (RFC 4616) and {@code LOGIN}, where the
 * password is a Mailroom API key and the user name is ignored (any value, e.g. the key id). The key is verified by
 * platform's {@link ApiKeyVerifier}, locally, from this process's copy of {@code mailroom.api-keys} (ADR 0031; a
 * revocation counts within seconds, nothing is cached): unknown or revoked key {@code 535 5.7.8}, a key table that
 * has not loaded yet (the verifier waits for it up to ten seconds) {@code 454 4.7.0}, undecodable
 * response {@code 501 5.5.2}. SubEthaSMTP's AUTH command drives the exchange (challenges, {@code *} to cancel,
 * {@code 235} on success); STARTTLS before AUTH is enforced by {@link SmtpCommands}. A successful handler stays on the
 * session: {@link #key(MessageContext)} gives the authenticated key to the transaction.
 */
final class SubmissionAuth implements AuthenticationHandlerFactory {

    private static final String COMPONENT = "submission-auth";
    private static final String PLAIN = "PLAIN";
    private static final String LOGIN = "LOGIN";
    private static final String USERNAME_CHALLENGE = "334 " + base64("Username:");
    private static final String PASSWORD_CHALLENGE = "334 " + base64("Password:");
    /** A safety net only: the verifier fails by itself once its wait for the key table is over. */
    private static final Duration VERIFY_BOUND = Duration.ofMinutes(1);

    private final ApiKeyVerifier verifier;
    private final SmtpMetrics metrics;

    SubmissionAuth(ApiKeyVerifier verifier, SmtpMetrics metrics) {
        this.verifier = verifier;
        this.metrics = metrics;
    }

    @Override
    public List<String> getAuthenticationMechanisms() {
        return List.of(PLAIN, LOGIN);
    }

    @Override
    public AuthenticationHandler create() {
        return new Exchange();
    }

    /** The API key the session authenticated with, if any. */
    static Optional<Caller> key(MessageContext context) {
        return context.getAuthenticationHandler().map(AuthenticationHandler::getIdentity)
                .filter(Caller.class::isInstance).map(Caller.class::cast);
    }

    /** One AUTH exchange; SubEthaSMTP makes a new one per AUTH command. */
    private final class Exchange implements AuthenticationHandler {
        private String mechanism;
        private boolean usernameSeen;
        private Caller key;

        @Override
        public Optional<String> auth(String clientInput, MessageContext context) throws RejectException {
            if (mechanism == null) {
                String[] args = clientInput.trim().split("\\s+");
                mechanism = args[1].toUpperCase(Locale.ROOT);
                if (args.length < 3) {
                    return Optional.of(mechanism.equals(PLAIN) ? "334 " : USERNAME_CHALLENGE);
                }
                return step(args[2], context);
            }
            return step(clientInput.trim(), context);
        }

        private Optional<String> step(String response, MessageContext context) throws RejectException {
            if (mechanism.equals(LOGIN) && !usernameSeen) {
                decode(response, context); // the user name: checked for syntax only
                usernameSeen = true;
                return Optional.of(PASSWORD_CHALLENGE);
            }
            String password = decode(response, context);
            if (mechanism.equals(PLAIN)) {
                // authzid NUL authcid NUL passwd
                String[] parts = password.split("\0", -1);
                if (parts.length != 3) {
                    throw refuse(SmtpOutcome.authenticationSyntax(COMPONENT), context);
                }
                password = parts[2];
            }
            key = verify(password, context);
            Log.infof("auth ok key=%s mechanism=%s client=%s", key.keyId(), mechanism, context.getRemoteAddress());
            return Optional.empty();
        }

        private Caller verify(String token, MessageContext context) throws RejectException {
            Caller caller;
            try {
                // a SubEthaSMTP session thread, never an event loop: waiting here is deliberate
                caller = verifier.verify(token).await().atMost(VERIFY_BOUND);
            } catch (KeyCheckUnavailable | io.smallrye.mutiny.TimeoutException e) {
                throw refuse(SmtpOutcome.authenticationUnavailable(COMPONENT), context);
            }
            if (caller == null) {
                throw refuse(SmtpOutcome.authenticationInvalid(COMPONENT), context);
            }
            return caller;
        }

        private String decode(String response, MessageContext context) throws RejectException {
            if (response.equals("=")) {
                return ""; // RFC 4954: an empty initial response
            }
            try {
                return new String(Base64.getDecoder().decode(response), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw refuse(SmtpOutcome.authenticationSyntax(COMPONENT), context);
            }
        }

        private RejectException refuse(SmtpOutcome outcome, MessageContext context) {
            Log.infof("auth refused code=%d reason=%s mechanism=%s client=%s", outcome.code(), outcome.reason(),
                    mechanism, context.getRemoteAddress());
            metrics.rejected(outcome);
            return outcome.toRejectException();
        }

        @Override
        public Object getIdentity() {
            return key;
        }
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
    }
}
