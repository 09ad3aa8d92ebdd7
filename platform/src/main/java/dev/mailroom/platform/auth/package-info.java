/**
 * Callers and API keys: the {@link dev.mailroom.platform.auth.Caller} model, the
 * {@link dev.mailroom.platform.auth.ApiKeyVerifier} seam with its default HTTP implementation, and, for services
 * that serve REST, the Bearer {@link dev.mailroom.platform.auth.AuthenticationFilter} and
 * {@link dev.mailroom.platform.auth.CurrentCaller}.
 */
package dev.mailroom.platform.auth;
