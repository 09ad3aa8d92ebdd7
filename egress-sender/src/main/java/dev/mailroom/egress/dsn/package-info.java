/**
 * Delivery status notifications (RFC 3464) that come back for mail Mailroom sent:
 * {@link dev.mailroom.egress.dsn.DsnParser} reads a {@code multipart/report; report-type=delivery-status} message
 * into a {@link dev.mailroom.egress.dsn.Dsn} (pure code, no Quarkus; never throws on bad input). Matching a DSN to
 * a send and recording its outcome is {@link dev.mailroom.egress.service.DsnProcessor}'s job.
 */
package dev.mailroom.egress.dsn;
