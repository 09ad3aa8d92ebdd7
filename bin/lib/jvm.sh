# JVM defaults of the four services, shared by bin/mailroom and the benchmarks under bench/ (sourced, not run).
# A 256 MiB heap with the serial collector, a smaller code cache and thread stacks, and two malloc arenas keep each
# service under 256 MiB RSS under load (bench/ingress: 233 MiB against 308 MiB with -Xmx384m and G1; see
# docs/performance.md) without costing throughput on 2 cores. The heap still holds several messages of the
# 25 MiB maximum at once. MAILROOM_JAVA_OPTS replaces the options; MALLOC_ARENA_MAX from the caller wins.
MAILROOM_DEFAULT_JAVA_OPTS="-Xmx256m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=48m -Xss512k -XX:MaxMetaspaceSize=128m"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
