/**
 * Kafka client defaults written once: {@link dev.mailroom.platform.kafka.KafkaDefaults}, a configuration source
 * below every service's {@code application.properties}, and the starting settings of hand-built clients.
 */
package dev.mailroom.platform.kafka;
