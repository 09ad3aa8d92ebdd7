package dev.mailroom.extract;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The kinds of content this module reads, and how a content's kind is decided: the declared MIME type when it names
 * one of them; otherwise (a generic or unknown type such as {@code application/octet-stream}) the magic bytes (PDF,
 * zip with an OOXML main part, HTML), then the file name's extension, then, for a generic type only, text that is
 * valid UTF-8 without NUL bytes.
 */
enum DocumentType {
    PDF, DOCX, XLSX, PPTX, HTML, TEXT, RFC822;

    private static final Map<String, DocumentType> DECLARED = Map.ofEntries(
            Map.entry("application/pdf", PDF), Map.entry("application/x-pdf", PDF),
            Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", DOCX),
            Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.template", DOCX),
            Map.entry("application/vnd.ms-word.document.macroenabled.12", DOCX),
            Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", XLSX),
            Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.template", XLSX),
            Map.entry("application/vnd.ms-excel.sheet.macroenabled.12", XLSX),
            Map.entry("application/vnd.openxmlformats-officedocument.presentationml.presentation", PPTX),
            Map.entry("application/vnd.openxmlformats-officedocument.presentationml.slideshow", PPTX),
            Map.entry("application/vnd.ms-powerpoint.presentation.macroenabled.12", PPTX),
            Map.entry("text/html", HTML), Map.entry("application/xhtml+xml", HTML),
            Map.entry("message/rfc822", RFC822), Map.entry("message/global", RFC822),
            Map.entry("application/json", TEXT), Map.entry("application/xml", TEXT),
            Map.entry("application/x-yaml", TEXT), Map.entry("application/yaml", TEXT));

    private static final Map<String, DocumentType> EXTENSIONS = Map.ofEntries(
            Map.entry("pdf", PDF), Map.entry("docx", DOCX), Map.entry("docm", DOCX), Map.entry("dotx", DOCX),
            Map.entry("xlsx", XLSX), Map.entry("xlsm", XLSX), Map.entry("xltx", XLSX), Map.entry("pptx", PPTX),
            Map.entry("pptm", PPTX), Map.entry("ppsx", PPTX), Map.entry("html", HTML), Map.entry("htm", HTML),
            Map.entry("xhtml", HTML), Map.entry("eml", RFC822), Map.entry("txt", TEXT), Map.entry("text", TEXT),
            Map.entry("csv", TEXT), Map.entry("tsv", TEXT), Map.entry("md", TEXT), Map.entry("log", TEXT),
            Map.entry("json", TEXT), Map.entry("xml", TEXT), Map.entry("yaml", TEXT), Map.entry("yml", TEXT),
            Map.entry("ics", TEXT), Map.entry("vcf", TEXT));

    /** Types that say nothing about the content: the bytes decide. */
    private static final Set<String> GENERIC = Set.of("", "application/octet-stream", "binary/octet-stream",
            "application/x-download", "application/force-download", "application/download", "application/unknown",
            "application/binary", "application/zip", "application/x-zip-compressed", "application/x-zip");

    private static final int SNIFF = 8192;

    /** The kind of {@code content}, or null when it is none of them. */
    static DocumentType detect(byte[] content, String contentType, String filename) {
        String declared = mimeType(contentType);
        DocumentType type = DECLARED.get(declared);
        if (type == null && declared.startsWith("text/")) {
            type = TEXT;
        }
        if (type != null) {
            return type;
        }
        type = magic(content);
        if (type != null) {
            return type;
        }
        type = EXTENSIONS.get(extension(filename));
        if (type != null) {
            return type;
        }
        return GENERIC.contains(declared) && looksLikeText(content) ? TEXT : null;
    }

    /** What the bytes are, when their first bytes tell; null otherwise. */
    static DocumentType magic(byte[] b) {
        if (indexOf(b, "%PDF-", 1024) >= 0) {
            return PDF;
        }
        if (b.length >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4) {
            // zip headers carry the entry names uncompressed: the main part of each format has its own name
            if (indexOf(b, "word/document.xml", b.length) >= 0) {
                return DOCX;
            }
            if (indexOf(b, "xl/workbook.xml", b.length) >= 0) {
                return XLSX;
            }
            if (indexOf(b, "ppt/presentation.xml", b.length) >= 0) {
                return PPTX;
            }
            return null;
        }
        String head = new String(b, 0, Math.min(b.length, 512), StandardCharsets.ISO_8859_1).stripLeading()
                .toLowerCase(Locale.ROOT);
        if (head.startsWith("\u00ef\u00bb\u00bf")) {
            head = head.substring(3).stripLeading();
        }
        return head.startsWith("<!doctype html") || head.startsWith("<html") ? HTML : null;
    }

    /** The type and subtype, lower case, without parameters; "" when absent. */
    static String mimeType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    private static String extension(String filename) {
        if (filename == null) {
            return "";
        }
        int dot = filename.lastIndexOf('.');
        return dot < 0 ? "" : filename.substring(dot + 1).strip().toLowerCase(Locale.ROOT);
    }

    private static boolean looksLikeText(byte[] b) {
        int n = Math.min(b.length, SNIFF);
        for (int i = 0; i < n; i++) {
            if (b[i] == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, 0, n));
            return true;
        } catch (CharacterCodingException e) {
            // a multi-byte sequence cut at the sniff boundary is still text
            return n == SNIFF && n < b.length && utf8PrefixValid(b, n);
        }
    }

    private static boolean utf8PrefixValid(byte[] b, int n) {
        for (int cut = 1; cut <= 3; cut++) {
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(b, 0, n - cut));
                return true;
            } catch (CharacterCodingException e) {
                // try a shorter prefix
            }
        }
        return false;
    }

    private static int indexOf(byte[] b, String ascii, int within) {
        int end = Math.min(b.length, within) - ascii.length();
        outer:
        for (int i = 0; i <= end; i++) {
            for (int j = 0; j < ascii.length(); j++) {
                if (b[i + j] != ascii.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
