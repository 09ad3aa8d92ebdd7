package dev.mailroom.platform.auth;

import jakarta.enterprise.context.RequestScoped;

import dev.mailroom.platform.problem.ApiException;

/** The verified caller of the current request, set by {@link AuthenticationFilter}. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    /** Set once the key is verified (the filter; tools that authenticate outside JAX-RS). */
    public void set(Caller caller) {
        this.caller = caller;
    }

    /** The caller; every authenticated request has one ({@code 401} otherwise). */
    public Caller get() {
        if (caller == null) {
            throw ApiException.unauthorized();
        }
        return caller;
    }

    /** The caller, who must hold an admin key ({@code 403} otherwise). */
    public Caller admin() {
        Caller c = get();
        if (!c.admin()) {
            throw ApiException.forbidden("this operation needs an admin key");
        }
        return c;
    }
}
