/**
 * Observability glue shared by every service (ADR 0027): metric naming conventions ({@link
 * dev.mailroom.platform.observability.Metrics}), the W3C trace context in Kafka headers for hand-built producers and
 * consumers ({@link dev.mailroom.platform.observability.TraceHeaders}), spans of one hop ({@link
 * dev.mailroom.platform.observability.Spans}), and the sampler that samples, records and exports spans only when an
 * OTLP endpoint is configured ({@link dev.mailroom.platform.observability.TraceSampling}, ADR 0029; {@link
 * dev.mailroom.platform.observability.OtlpExportSwitch} passes {@code MAILROOM_OTLP_ENDPOINT} on).
 */
package dev.mailroom.platform.observability;
