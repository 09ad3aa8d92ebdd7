package dev.mailroom.sdk;

import java.time.Duration;

/**
 * A retry about to happen, given to the {@code onRetry} callback ({@link Mailroom.Builder#onRetry}).
 *
 * @param retry  1 for the first retry
 * @param method the HTTP method
 * @param path   the request path, e.g. {@code /v1/api-keys}
 * @param status the answer's HTTP status, or 0 after a network failure
 * @param delay  how long the SDK waits before sending again
 * @param cause  the failure ({@link ApiException} or {@link ApiConnectionException})
 */
public record RetryEvent(int retry, String method, String path, int status, Duration delay, MailroomException cause) {
}
