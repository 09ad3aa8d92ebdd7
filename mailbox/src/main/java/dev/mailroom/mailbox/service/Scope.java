package dev.mailroom.mailbox.service;

import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.problem.ApiException;

/**
 * Tenant scope of every mailbox read and change: {@link Permission#READ}, and the row's domain covered by the key.
 * A row the key does not cover answers 404, exactly like a missing one (never 403: an id reveals nothing).
 */
public final class Scope {

    private Scope() {
    }

    /** 403 unless the key may read mailboxes at all. */
    public static void requireRead(Caller caller) {
        if (!caller.may(Permission.READ)) {
            throw ApiException.forbidden("this operation needs the permission read");
        }
    }

    /** 404 ({@code what}) unless a row with {@code domain} exists and the caller covers it. */
    public static void check(Caller caller, String domain, String what) {
        if (domain == null || !caller.covers(domain)) {
            throw ApiException.notFound(what);
        }
    }
}
