package dev.mailroom.egress.rest;

import jakarta.enterprise.context.RequestScoped;

import dev.mailroom.egress.service.Caller;

/** The authenticated caller of the current request, set by {@link AuthenticationFilter}. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    /** The caller; every {@code /v1} request has one (the filter refuses the others). */
    public Caller get() {
        if (caller == null) {
            throw ApiException.unauthorized();
        }
        return caller;
    }

    /** The caller, who must be an admin key. */
    public Caller admin() {
        Caller c = get();
        if (!c.admin()) {
            throw ApiException.forbidden("this operation needs an admin key");
        }
        return c;
    }
}
