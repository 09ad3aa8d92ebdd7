package dev.mailroom.router.service;

import java.util.Optional;

import dev.mailroom.contract.ParsedMessage;

/**
 * What the routing rules see for one recipient.
 *
 * @param recipient    the envelope recipient, split
 * @param addressClass the class the recipient's address name resolves to (registered name, else catch-all), if any
 * @param message      the parsed message, null when routing an address alone
 * @param sender       the reply's sender (From, else the envelope sender), lower case; may be empty
 */
public record RoutingInput(Recipient recipient, Optional<String> addressClass, ParsedMessage message, String sender) {
}
