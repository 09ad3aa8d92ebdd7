/**
 * The one RFC 9457 problem+json dialect of Mailroom's HTTP APIs: {@link dev.mailroom.platform.problem.Problem},
 * {@link dev.mailroom.platform.problem.ApiException} and the exception mappers. The mappers need Quarkus REST, an
 * optional dependency of this library: only services that serve REST get them.
 */
package dev.mailroom.platform.problem;
