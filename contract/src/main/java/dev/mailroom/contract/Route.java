package dev.mailroom.contract;

/**
 * How the router chose the agent instance of a {@link RoutedEmail}.
 *
 * @param by       {@code address} (the recipient's local part and sub-address) or {@code reply-token} (a signed
 *                 token in In-Reply-To/References)
 * @param verified true only when a valid signed reply token chose the instance
 * @param detail   why a token, if any, was not honoured; null otherwise
 */
public record Route(String by, boolean verified, String detail) {

    public static final String BY_ADDRESS = "address";
    public static final String BY_REPLY_TOKEN = "reply-token";

    public static Route byAddress() {
        return new Route(BY_ADDRESS, false, null);
    }
}
