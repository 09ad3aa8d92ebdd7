/**
 * Delivery status notifications (RFC 3464): {@link dev.mailroom.mail.dsn.DsnParser} reads a
 * {@code multipart/report; report-type=delivery-status} message into a {@link dev.mailroom.mail.dsn.Dsn} (pure code,
 * no Quarkus; never throws on bad input), and {@link dev.mailroom.mail.dsn.Dsn} converts to and from the
 * {@link dev.mailroom.contract.DsnReport} record the router publishes on {@code mailroom.inbound.dsn}. The router
 * classifies inbound mail with it; matching a DSN to a send and recording its outcome is egress-sender's job
 * ({@code service/DsnProcessor}).
 */
package dev.mailroom.mail.dsn;
