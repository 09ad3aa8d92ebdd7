package dev.mailroom.mail.dns;

import java.util.List;

/**
 * Outcome of one DNS query: records, or a typed negative answer (NXDOMAIN, NODATA), or a temporary error (timeout,
 * SERVFAIL, network). Never {@code null}; resolvers return a {@code TEMPERROR} result instead of throwing.
 *
 * @param status     what the query yielded
 * @param values     the record data, empty unless {@link Status#OK}
 * @param ttlSeconds how long this answer may be cached (0 = do not cache)
 * @param error      human text for {@link Status#TEMPERROR}, otherwise null
 * @param <T>        record data type
 */
public record DnsResult<T>(Status status, List<T> values, long ttlSeconds, String error) {

    /** What a query yielded. */
    public enum Status {
        /** At least one record of the requested type. */
        OK,
        /** The name does not exist (RCODE 3). */
        NXDOMAIN,
        /** The name exists but has no record of the requested type. */
        NODATA,
        /** Timeout, SERVFAIL or another failure worth retrying later. */
        TEMPERROR
    }

    public DnsResult {
        values = values == null ? List.of() : List.copyOf(values);
    }

    public static <T> DnsResult<T> ok(List<T> values, long ttlSeconds) {
        return values.isEmpty() ? new DnsResult<>(Status.NODATA, List.of(), ttlSeconds, null)
                : new DnsResult<>(Status.OK, values, ttlSeconds, null);
    }

    public static <T> DnsResult<T> nxdomain(long ttlSeconds) {
        return new DnsResult<>(Status.NXDOMAIN, List.of(), ttlSeconds, null);
    }

    public static <T> DnsResult<T> nodata(long ttlSeconds) {
        return new DnsResult<>(Status.NODATA, List.of(), ttlSeconds, null);
    }

    public static <T> DnsResult<T> tempError(String error) {
        return new DnsResult<>(Status.TEMPERROR, List.of(), 0, error);
    }

    /** True for a timeout or server failure. */
    public boolean isTempError() {
        return status == Status.TEMPERROR;
    }

    /** True for NXDOMAIN or NODATA: the "void lookup" of RFC 7208 section 4.6.4. */
    public boolean isVoid() {
        return status == Status.NXDOMAIN || status == Status.NODATA;
    }
}
