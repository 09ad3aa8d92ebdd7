package dev.mailroom.mail.dmarc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Extracts the domains of the addresses in an RFC 5322 From field value (comments, quotes, groups handled). */
public final class FromDomains {

    private FromDomains() {
    }

    /** Domains (lower case, in order, repeated as they occur) of the addresses in {@code value}. */
    public static List<String> of(String value) {
        String unfolded = value.replace("\r\n", "");
        List<String> domains = new ArrayList<>();
        for (String mailbox : splitTopLevel(stripComments(unfolded))) {
            String m = mailbox.strip();
            int lt = m.lastIndexOf('<');
            int gt = m.lastIndexOf('>');
            String addr = lt >= 0 && gt > lt ? m.substring(lt + 1, gt) : m;
            int colon = addr.indexOf(':');
            if (lt < 0 && colon >= 0 && addr.indexOf('"') < 0) {
                addr = addr.substring(colon + 1); // group "name: a@b"
            }
            addr = addr.replace(";", "").strip();
            int at = addr.lastIndexOf('@');
            if (at > 0 && at < addr.length() - 1) {
                String domain = addr.substring(at + 1).strip().toLowerCase(Locale.ROOT);
                if (domain.endsWith(".")) {
                    domain = domain.substring(0, domain.length() - 1);
                }
                if (!domain.isEmpty()) {
                    domains.add(domain);
                }
            }
        }
        return domains;
    }

    private static String stripComments(String s) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                if (depth == 0) {
                    out.append(c).append(s.charAt(i + 1));
                }
                i++;
            } else if (quoted) {
                out.append(c);
                if (c == '"') {
                    quoted = false;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0) {
                if (c == '"') {
                    quoted = true;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    private static List<String> splitTopLevel(String s) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean angle = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                cur.append(c).append(s.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                angle = true;
            } else if (!quoted && c == '>') {
                angle = false;
            } else if (!quoted && !angle && c == ',') {
                parts.add(cur.toString());
                cur.setLength(0);
                continue;
            }
            cur.append(c);
        }
        parts.add(cur.toString());
        return parts;
    }
}
