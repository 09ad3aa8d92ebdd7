package dev.mailroom.ingress.smtp;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.Locale;

import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.internal.server.Command;
import org.subethamail.smtp.internal.server.CommandException;
import org.subethamail.smtp.internal.server.CommandHandler;
import org.subethamail.smtp.internal.server.HelpMessage;
import org.subethamail.smtp.server.SMTPServer;

/**
 * Thin wrappers around two of SubEthaSMTP 7.1.7's own commands, installed in the server's {@link CommandHandler}
 * (its extension point: {@code addCommand} replaces a verb). The wrapped commands keep doing all the protocol work,
 * including the TLS/AUTH guards SubEthaSMTP wraps them in, and how DATA is read and terminated:
 * <ul>
 * <li>{@code MAIL}: afterwards hands the MAIL parameters to the new {@link InboundTransaction}, which the
 * {@code MessageHandler} API does not do ({@code from(String)} gets the address only), so that DATA knows whether
 * {@code BODY=8BITMIME} or {@code SMTPUTF8} was declared.</li>
 * <li>{@code DATA} and {@code BDAT}: SubEthaSMTP resets the transaction after a {@code 250} but not after a
 * refusal, which would leave the session in "sender already specified" (RFC 5321 section 4.1.1.4: the buffers are
 * cleared at the end of DATA either way). After the message handler has seen the data and refused it, this
 * wrapper resets the transaction, so the next {@code MAIL} starts a new one.</li>
 * <li>{@code EHLO}: answered here with SubEthaSMTP's capabilities plus {@code PIPELINING} and
 * {@code ENHANCEDSTATUSCODES} (see {@link EnhancedStatusCodes}), without {@code STARTTLS}
 * once TLS is active (RFC 3207 section 4.2), with {@code AUTH} on the submission listener only after TLS.</li>
 * <li>On the submission listener ({@link #installSubmission}): TLS before AUTH, TLS and AUTH before MAIL.</li>
 * <li>{@code PROXY} as a command: refused and the connection closed (see {@link ProxyProtocol}).</li>
 * <li>Around every verb, a command budget: {@code max-commands-before-mail} commands outside a transaction.</li>
 * </ul>
 * The internal-package types used here are pinned by the subethasmtp version in the parent pom; a version bump must
 * re-check them (see docs/adr/0006-smtp-smuggling.md).
 */
final class SmtpCommands {

    private SmtpCommands() {
    }

    /** Installs the wrappers; call before {@link SMTPServer#start()}. */
    static void install(SMTPServer server, SmtpMetrics metrics, int maxCommandsBeforeMail) {
        CommandHandler handler = server.getCommandHandler();
        handler.addCommand(new MailParameters(handler.getCommand("MAIL")));
        handler.addCommand(new EndOfData(handler.getCommand("DATA")));
        handler.addCommand(new EndOfData(handler.getCommand("BDAT")));
        handler.addCommand(new Ehlo(handler.getCommand("EHLO")));
        handler.addCommand(new ProxyLine(metrics));
        CommandBudget budget = new CommandBudget(maxCommandsBeforeMail, metrics);
        for (String verb : List.copyOf(handler.getVerbs())) {
            handler.addCommand(budget.wrap(handler.getCommand(verb)));
        }
        for (String verb : List.copyOf(handler.getVerbs())) {
            handler.addCommand(new Answering(handler.getCommand(verb)));
        }
    }

    /**
     * Outermost around every verb: notes on the connection's {@link ReplyFilter.State} which command the replies
     * written meanwhile answer, for {@link EnhancedStatusCodes} (replies are written on the session thread, in
     * command order, also when pipelined). Cleared afterwards: a reply written outside any command (greeting,
     * {@code 500} for an unknown verb, timeout) is told apart by having none.
     */
    private static final class Answering extends Wrapper {
        Answering(Command wrapped) {
            super(wrapped);
        }

        @Override
        public void execute(String commandString, org.subethamail.smtp.server.Session session)
                throws IOException, DropConnectionException {
            ReplyFilter.State replies = ReplySockets.of(session.getSocket()); // same state after STARTTLS
            if (replies != null) {
                replies.answering(getName());
            }
            try {
                wrapped.execute(commandString, session);
            } finally {
                if (replies != null) {
                    replies.answering(null);
                }
            }
        }
    }

    /**
     * Installs the submission listener's guards, before {@link #install} (so that refused commands count against
     * the command budget): {@code AUTH} only over TLS, and
     * {@code MAIL}, {@code RCPT}, {@code DATA}, {@code BDAT} only over TLS and after AUTH, answered
     * {@code 530 5.7.0} with our texts before SubEthaSMTP's own guards (which answer without enhanced codes).
     */
    static void installSubmission(SMTPServer server, SmtpMetrics metrics) {
        CommandHandler handler = server.getCommandHandler();
        handler.addCommand(new SubmissionGuard(handler.getCommand("AUTH"), false, metrics));
        for (String verb : new String[] { "MAIL", "RCPT", "DATA", "BDAT" }) {
            handler.addCommand(new SubmissionGuard(handler.getCommand(verb), true, metrics));
        }
    }

    /**
     * True when the MAIL FROM parameters (after the reverse path) contain {@code BODY=8BITMIME} or {@code SMTPUTF8},
     * ignoring case.
     */
    static boolean declaresEightBit(String mailCommand) {
        int end = mailCommand.lastIndexOf('>');
        String parameters = end < 0 ? "" : mailCommand.substring(end + 1);
        for (String p : parameters.trim().split("\\s+")) {
            String u = p.toUpperCase(Locale.ROOT);
            if (u.equals("BODY=8BITMIME") || u.equals("SMTPUTF8")) {
                return true;
            }
        }
        return false;
    }

    private abstract static class Wrapper implements Command {
        final Command wrapped;

        Wrapper(Command wrapped) {
            if (wrapped == null) {
                throw new IllegalStateException("SubEthaSMTP command to wrap is missing");
            }
            this.wrapped = wrapped;
        }

        @Override
        public HelpMessage getHelp() throws CommandException {
            return wrapped.getHelp();
        }

        @Override
        public String getName() {
            return wrapped.getName();
        }
    }

    private static final class MailParameters extends Wrapper {
        MailParameters(Command wrapped) {
            super(wrapped);
        }

        @Override
        public void execute(String commandString, org.subethamail.smtp.server.Session session)
                throws IOException, DropConnectionException {
            boolean before = session.isMailTransactionInProgress();
            wrapped.execute(commandString, session);
            if (!before && session.getMessageHandler() instanceof SmtpTransaction transaction) {
                transaction.eightBitDeclared(declaresEightBit(commandString));
            }
        }
    }

    private static final class EndOfData extends Wrapper {
        EndOfData(Command wrapped) {
            super(wrapped);
        }

        @Override
        public void execute(String commandString, org.subethamail.smtp.server.Session session)
                throws IOException, DropConnectionException {
            wrapped.execute(commandString, session);
            // after a 250 SubEthaSMTP has reset already (the handler is gone); after a refusal it has not
            if (session.getMessageHandler() instanceof SmtpTransaction transaction && transaction.dataEnded()) {
                session.resetMailTransaction();
            }
        }
    }

    /**
     * A {@code PROXY} line read as a command: a PROXY protocol v1 header from a peer that is not a trusted proxy (from
     * a trusted one {@link ProxyProtocol} has consumed it before the greeting), or a second header. Refused with
     * {@code 501 5.5.4}, and the connection is closed: the client either lies about its address or is misconfigured.
     */
    private static final class ProxyLine implements Command {
        private final SmtpMetrics metrics;

        ProxyLine(SmtpMetrics metrics) {
            this.metrics = metrics;
        }

        @Override
        public void execute(String commandString, org.subethamail.smtp.server.Session session)
                throws IOException, DropConnectionException {
            SmtpOutcome outcome = SmtpOutcome.proxyHeaderRefused(ProxyProtocol.COMPONENT);
            io.quarkus.logging.Log.infof("connection refused client=%s code=%d reason=%s detail=untrusted peer",
                    session.getRealRemoteAddress().getAddress().getHostAddress(), outcome.code(), outcome.reason());
            metrics.rejected(outcome);
            throw new DropConnectionException(outcome.code(), outcome.replyText());
        }

        @Override
        public HelpMessage getHelp() throws CommandException {
            throw new CommandException("no help for PROXY");
        }

        @Override
        public String getName() {
            return "PROXY";
        }
    }

    /**
     * Counts each session's commands outside a mail transaction (QUIT excepted; commands SubEthaSMTP does not know
     * are answered {@code 500} before any command runs and are not counted); over the budget the session gets
     * {@code 421 4.7.0} and is closed. A successful MAIL starts the count again. Installed last, around every verb,
     * so that MAIL's success is seen after all other wrappers. Sessions are weak keys: an ended session's count
     * goes with it.
     */
    private static final class CommandBudget {
        private static final String COMPONENT = "command-budget";
        private final int max;
        private final SmtpMetrics metrics;
        private final Map<org.subethamail.smtp.server.Session, int[]> counts = Collections
                .synchronizedMap(new WeakHashMap<>());

        CommandBudget(int max, SmtpMetrics metrics) {
            this.max = max;
            this.metrics = metrics;
        }

        Command wrap(Command command) {
            if (command.getName().equals("QUIT")) {
                return command;
            }
            return new Wrapper(command) {
                @Override
                public void execute(String commandString, org.subethamail.smtp.server.Session session)
                        throws IOException, DropConnectionException {
                    boolean outside = !session.isMailTransactionInProgress();
                    if (outside) {
                        int[] count = counts.computeIfAbsent(session, s -> new int[1]);
                        if (++count[0] > max) {
                            SmtpOutcome outcome = SmtpOutcome.tooManyCommands(COMPONENT);
                            io.quarkus.logging.Log.infof("connection closed client=%s code=%d reason=%s",
                                    session.getRemoteAddress().getAddress().getHostAddress(), outcome.code(),
                                    outcome.reason());
                            metrics.rejected(outcome);
                            throw new DropConnectionException(outcome.code(), outcome.replyText());
                        }
                    }
                    wrapped.execute(commandString, session);
                    if (outside && session.isMailTransactionInProgress()) {
                        counts.remove(session); // MAIL succeeded
                    }
                }
            };
        }
    }

    private static final class SubmissionGuard extends Wrapper {
        private static final String COMPONENT = "submission";
        private final boolean needsAuth;
        private final SmtpMetrics metrics;

        SubmissionGuard(Command wrapped, boolean needsAuth, SmtpMetrics metrics) {
            super(wrapped);
            this.needsAuth = needsAuth;
            this.metrics = metrics;
        }

        @Override
        public void execute(String commandString, org.subethamail.smtp.server.Session session)
                throws IOException, DropConnectionException {
            SmtpOutcome refusal = !session.isTLSStarted() ? SmtpOutcome.tlsRequired(COMPONENT)
                    : needsAuth && !session.isAuthenticated() ? SmtpOutcome.authenticationRequired(COMPONENT)
                    : null;
            if (refusal == null) {
                wrapped.execute(commandString, session);
            } else {
                metrics.rejected(refusal);
                session.sendResponse(refusal.code() + " " + refusal.replyText());
            }
        }
    }

    /**
     * EHLO, answered here: SubEthaSMTP 7.1.7 advertises {@code STARTTLS} again once TLS is active (RFC 3207
     * section 4.2 forbids it) and never advertises {@code PIPELINING}, which its session loop handles (it reads
     * commands one by one from a buffered stream and answers each in order; after STARTTLS the plain-text buffer
     * is dropped, so nothing pipelined in clear text is read as encrypted commands).
     */
    private static final class Ehlo extends Wrapper {
        Ehlo(Command wrapped) {
            super(wrapped);
        }

        @Override
        public void execute(String commandString, org.subethamail.smtp.server.Session session)
                throws IOException, DropConnectionException {
            String[] args = commandString.trim().split("\\s+");
            if (args.length < 2) {
                wrapped.execute(commandString, session); // its 501 syntax reply
                return;
            }
            session.resetMailTransaction();
            session.setHelo(args[1]);
            SMTPServer server = session.getServer();
            StringBuilder response = new StringBuilder("250-").append(server.getHostName());
            response.append("\r\n250-PIPELINING\r\n250-8BITMIME");
            if (server.getMaxMessageSize() > 0) {
                response.append("\r\n250-SIZE ").append(server.getMaxMessageSize());
            }
            if (server.getEnableTLS() && !server.getHideTLS() && !session.isTLSStarted()) {
                response.append("\r\n250-STARTTLS");
            }
            response.append("\r\n250-ENHANCEDSTATUSCODES\r\n250-CHUNKING\r\n250-SMTPUTF8");
            if (session.isTLSStarted() || !server.getRequireTLS()) {
                server.getAuthenticationHandlerFactory().ifPresent(auth -> response.append("\r\n250-AUTH ")
                        .append(String.join(" ", auth.getAuthenticationMechanisms())));
            }
            response.append("\r\n250 Ok");
            session.sendResponse(response.toString());
        }
    }
}
