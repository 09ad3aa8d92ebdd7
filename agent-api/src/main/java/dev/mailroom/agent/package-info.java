/**
 * The Java agent SPI. Agents written in their own modules depend on this package only. See this module's README.
 */
package dev.mailroom.agent;
