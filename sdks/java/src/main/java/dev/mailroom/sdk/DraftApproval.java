package dev.mailroom.sdk;

import java.util.List;
import java.util.Map;

/** Edits made while approving a draft; every field optional ({@code null}: unchanged). */
public record DraftApproval(String subject, String text, String html, List<String> to) {

    public static DraftApproval none() {
        return new DraftApproval(null, null, null, null);
    }

    /** Approve with this text instead of the agent's. */
    public static DraftApproval text(String text) {
        return new DraftApproval(null, text, null, null);
    }

    public DraftApproval withSubject(String subject) {
        return new DraftApproval(subject, text, html, to);
    }

    public DraftApproval withHtml(String html) {
        return new DraftApproval(subject, text, html, to);
    }

    public DraftApproval withTo(List<String> to) {
        return new DraftApproval(subject, text, html, to);
    }

    Map<String, Object> toJson() {
        return new Body().put("subject", subject).put("text", text).put("html", html).put("to", to).map;
    }
}
