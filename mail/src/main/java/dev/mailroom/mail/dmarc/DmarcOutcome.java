package dev.mailroom.mail.dmarc;

import dev.mailroom.contract.Authentication;

/**
 * A DMARC verdict with the reason behind it.
 *
 * @param verdict the contract record
 * @param detail  human text (where the record was found, the error), may be null
 */
public record DmarcOutcome(Authentication.Dmarc verdict, String detail) {
}
