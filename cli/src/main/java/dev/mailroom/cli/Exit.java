package dev.mailroom.cli;

/**
 * The documented exit codes of {@code mailroom} (cli/README.md, "Exit codes"). Scripts branch on them, so they never
 * change meaning.
 */
public final class Exit {

    /** Done. */
    public static final int OK = 0;
    /** The API refused or failed (4xx other than 401/403/404, 5xx), or a waited-for delivery bounced or failed. */
    public static final int API_ERROR = 1;
    /** Bad command line: unknown command or option, missing or malformed value, missing file. */
    public static final int USAGE = 2;
    /** No key, or the key is refused (401) or lacks the permission or domain (403). */
    public static final int AUTH = 3;
    /** The id or name does not exist (404), or is not visible to this key. */
    public static final int NOT_FOUND = 4;
    /** A wait ended without its outcome ({@code --wait}, {@code wait}, {@code tail --count}). */
    public static final int TIMEOUT = 5;
    /** The API could not be reached or did not answer in time (connection refused, DNS, request timeout). */
    public static final int NETWORK = 6;

    private Exit() {
    }

    /** An error the CLI reports as one line (never a stack trace), with its exit code. */
    public static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int code;

        public Failure(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    /** A usage error (exit 2). */
    public static Failure usage(String message) {
        return new Failure(USAGE, message);
    }
}
