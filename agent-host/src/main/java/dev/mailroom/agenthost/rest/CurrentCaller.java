package dev.mailroom.agenthost.rest;

import jakarta.enterprise.context.RequestScoped;

import dev.mailroom.agenthost.service.ApiKeyVerifier.Caller;

/** The verified key of the current request, set by {@link AuthenticationFilter}. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    public Caller get() {
        if (caller == null) {
            throw new ApiException(Problem.of(401, "unauthorized", "Unauthorized", "an API key is required"));
        }
        return caller;
    }
}
