/**
 * Quarkus glue every Mailroom service needs, written once: beans, no business rules. See this module's README.
 */
package dev.mailroom.platform;
