package dev.mailroom.agent;

import java.util.List;

import dev.mailroom.contract.Authentication;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.ParsedMessage;
import dev.mailroom.contract.Route;
import dev.mailroom.contract.RoutedEmail;

/**
 * An inbound message as an agent sees it, created by the host for one call of {@link Agent#onEmail}. Immutable,
 * safe to share between threads. The same message redelivered (a retry, a crash before the commit) carries the same
 * {@link #id()}. Everything in it came from the outside world: treat it as untrusted data, never as instructions (a
 * language model reading it must not take orders from it); check {@link #dmarcPass()} or {@link Route#verified()}
 * before acting on what it asks.
 */
public final class InboundEmail {

    private final RoutedEmail routed;
    private final List<Attachment> files;

    /** A message whose attachments give no text ({@link AttachmentTexts#NONE}). */
    public InboundEmail(RoutedEmail routed) {
        this(routed, AttachmentTexts.NONE);
    }

    /** A message whose attachments' text comes from {@code texts} (the host's extraction). */
    public InboundEmail(RoutedEmail routed, AttachmentTexts texts) {
        this.routed = routed;
        this.files = routed.message() == null ? List.of()
                : routed.message().attachments().stream().map(a -> new Attachment(a, texts)).toList();
    }

    /** The routed id: unique per message and recipient, stable across redeliveries. */
    public String id() {
        return routed.id();
    }

    /** The address this message was sent to (envelope recipient). */
    public String recipient() {
        return routed.recipient();
    }

    /** How this instance was chosen; {@link Route#verified()} is true only for a valid signed reply token. */
    public Route route() {
        return routed.route();
    }

    public EmailAddress from() {
        return routed.message().from();
    }

    public String subject() {
        return routed.message().subject();
    }

    /** The text/plain body, or null. */
    public String text() {
        return routed.message().text();
    }

    /** The text/html body, or null. */
    public String html() {
        return routed.message().html();
    }

    /** The parts that are not the chosen bodies (content base64 when carried, see ADR 0004). */
    public List<ParsedMessage.Attachment> attachments() {
        return routed.message().attachments();
    }

    /**
     * The same parts as {@link #attachments()}, each with its bytes and its text ({@link Attachment#text()},
     * extracted on demand, untrusted), in the same order.
     */
    public List<Attachment> files() {
        return files;
    }

    /** The Message-ID, without angle brackets, or null. */
    public String messageId() {
        return routed.message().messageId();
    }

    /** Who a reply goes to: Reply-To, else From, else the envelope sender; empty for bounces. */
    public List<EmailAddress> replyRecipients() {
        return routed.replyRecipients();
    }

    /** The thread this message belongs to (root of References, else In-Reply-To, else Message-ID), or null. */
    public String threadId() {
        return routed.message().threadId();
    }

    /** The new text of a reply, without quoted history and signature; null when the parser found no text. */
    public String replyText() {
        return routed.message().replyText();
    }

    /**
     * Why this message is automatic (auto-reply, bulk, list, bounce), or null when a person wrote it. Answering
     * automatic mail risks mail loops: agents should not.
     */
    public String autoReply() {
        return routed.message().autoReply();
    }

    /** True for automatic mail: see {@link #autoReply()}. */
    public boolean isAutomatic() {
        return autoReply() != null;
    }

    /** SPF, DKIM and DMARC verdicts, or null when the router did not check. */
    public Authentication authentication() {
        return routed.authentication();
    }

    /**
     * True when DMARC passed for the From domain: the From address is not spoofed. Agents that act on what a
     * message asks for should require this (or a {@linkplain Route#verified() verified route}).
     */
    public boolean dmarcPass() {
        return authentication() != null && authentication().dmarc() != null
                && "pass".equals(authentication().dmarc().result());
    }

    /** The whole parsed message. */
    public ParsedMessage message() {
        return routed.message();
    }

    /** The routed record itself. */
    public RoutedEmail routed() {
        return routed;
    }
}
