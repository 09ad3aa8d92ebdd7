/**
 * mailbox: every message Mailroom receives and sends, kept once and readable (issue 17). Packages as in every
 * service: {@code messaging} (Kafka consumers), {@code service} (what is done with a record or a request),
 * {@code repository} (SQL, reactive client), {@code model}, {@code rest} (the internal HTTP API the api forwards),
 * {@code config}; and by feature: {@code blob} (content-addressed store), {@code extract} (attachment text),
 * {@code search} (query operators to SQL), {@code webhook} (customer event webhooks, the event stream).
 */
package dev.mailroom.mailbox;
