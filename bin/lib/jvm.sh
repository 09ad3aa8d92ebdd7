# JVM defaults of the four services, shared by bin/mailroom and the benchmarks under bench/ (sourced, not run).
# A heap of up to 256 MiB with the serial collector, a smaller code cache and thread stacks, and two malloc arenas
# keep each service under 256 MiB RSS under load without costing throughput on 2 cores (docs/performance.md).
# The heap may grow to hold several messages of the 25 MiB maximum at once, but starts small (-Xms32m; the JVM's
# default start is 1/64 of the machine's memory, i.e. the whole 256 MiB here) with a young generation of at most
# 32 MiB: a service keeps ~16 MiB live after a collection, and every byte of a large eden is touched between two
# collections, so a large eden is resident memory that holds only garbage (ingress-smtp: VmHWM 240 -> 175 MiB).
# MAILROOM_JAVA_OPTS replaces the options; MALLOC_ARENA_MAX from the caller wins.
MAILROOM_DEFAULT_JAVA_OPTS="-Xmx256m -Xms32m -XX:MaxNewSize=32m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=48m -Xss512k -XX:MaxMetaspaceSize=128m"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
