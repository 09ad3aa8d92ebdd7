package dev.mailroom.router.parse;

/**
 * Limits of {@link MessageParser}.
 *
 * @param maxCarriedAttachmentBytes decoded attachment bytes per message carried as content in the routed record;
 *                                  attachments beyond keep name, type, size and SHA-256 but no content (the routed
 *                                  record must stay under {@code Topics.MAX_RECORD_BYTES}, see docs/adr/0004; base64
 *                                  adds a third)
 * @param maxNestingDepth           deepest nesting of multiparts accepted; deeper is unparseable
 * @param maxHeaderCount            header fields per entity; more is unparseable
 * @param maxHeaderBytes            bytes of one header field; more is unparseable
 */
public record ParseLimits(long maxCarriedAttachmentBytes, int maxNestingDepth, int maxHeaderCount,
        int maxHeaderBytes) {

    /** 24 MiB of attachments (32 MiB as base64), 100 levels, 1000 fields of at most 256 KiB. */
    public static final ParseLimits DEFAULT = new ParseLimits(24L * 1024 * 1024, 100, 1000, 256 * 1024);
}
