package dev.mailroom.mail.dns;

import java.util.List;

/** {@link InMemoryDnsResolver}, the test double every module's tests use, behaves like the real adapter. */
class InMemoryDnsResolverContractTest implements DnsResolverContract {

    /** The contract's zone held in memory. */
    static InMemoryDnsResolver zone() {
        InMemoryDnsResolver dns = new InMemoryDnsResolver().errorWhenNameContains(FAILING + ".").timeout(SILENT);
        for (ZoneRecord r : ZONE) {
            Object value = switch (r.type()) {
                case "TXT" -> String.join("", List.of(r.value().split("\\|")));
                case "MX" -> {
                    String[] f = r.value().split(" ", 2);
                    yield new MxHost(Integer.parseInt(f[0]), f[1].equals(".") ? "" : f[1]);
                }
                default -> r.value();
            };
            dns.add(r.name(), r.type(), value);
        }
        return dns;
    }

    private final InMemoryDnsResolver resolver = zone();

    @Override
    public DnsResolver resolver() {
        return resolver;
    }
}
