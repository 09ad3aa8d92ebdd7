package dev.mailroom.platform.auth;

import dev.mailroom.platform.problem.ApiException;

/**
 * An optional check after a key is verified, before the request runs: a service declares a bean of this type to
 * refuse a valid caller (a {@code 403} or {@code 429} problem). Called on the event
 * loop for every authenticated request: must not block.
 */
public interface CallerAdmission {

    /** Returns when {@code caller} may go on; throws the problem to answer instead. */
    void admit(Caller caller) throws ApiException;
}
