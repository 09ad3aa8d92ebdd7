package dev.mailroom.mail.mime;

import java.util.ArrayList;
import java.util.List;

import dev.mailroom.contract.EmailAddress;
import dev.mailroom.mail.address.AddressSyntax;
import dev.mailroom.mail.address.HeaderText;

/** Mailboxes as header tokens (addr-spec checks: {@link AddressSyntax}). */
final class Mailboxes {

    private Mailboxes() {
    }

    /** Why {@code name} cannot be a display name, or null. */
    static String nameProblem(String name) {
        String p = HeaderText.headerProblem(name, true);
        if (p != null) {
            return p;
        }
        return name.length() > MimeBuilder.MAX_NAME ? "is longer than " + MimeBuilder.MAX_NAME + " characters" : null;
    }

    /**
     * A mailbox as header tokens (joined by one space, foldable between tokens): the address alone, or the display
     * name (atoms, one quoted-string, or encoded-words) followed by {@code <address>}.
     */
    static List<String> mailbox(EmailAddress mailbox) {
        String addr = AddressSyntax.envelope(mailbox.address());
        String name = mailbox.name();
        List<String> tokens = new ArrayList<>();
        if (name == null || name.isBlank()) {
            tokens.add(addr);
            return tokens;
        }
        if (EncodedWords.needed(name)) {
            tokens.addAll(EncodedWords.encode(name, 66));
        } else if (isAtomPhrase(name)) {
            tokens.addAll(List.of(name.split(" ")));
        } else {
            tokens.add(quoted(name));
        }
        tokens.add("<" + addr + ">");
        return tokens;
    }

    /** Atoms separated by single spaces: written as they are. */
    static boolean isAtomPhrase(String name) {
        for (String atom : name.split(" ", -1)) {
            if (atom.isEmpty()) {
                return false;
            }
            for (int i = 0; i < atom.length(); i++) {
                if (!HeaderText.isAtext(atom.charAt(i))) {
                    return false;
                }
            }
        }
        return true;
    }

    static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
