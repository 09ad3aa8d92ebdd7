/**
 * Callers and API keys: the {@link dev.mailroom.platform.auth.Caller} model, the
 * {@link dev.mailroom.platform.auth.ApiKeyVerifier} seam with its implementation over the key table of {@code mailroom.api-keys},
 * {@link dev.mailroom.platform.auth.LocalApiKeyVerifier}, and, for services
 * that serve REST, the Bearer {@link dev.mailroom.platform.auth.AuthenticationFilter} and
 * {@link dev.mailroom.platform.auth.CurrentCaller}.
 */
package dev.mailroom.platform.auth;
