# JVM defaults of the four services, shared by bin/mailroom and the benchmarks under bench/ (sourced, not run);
# why: docs/adr/0018-runtime-choices-jvm-and-ed25519.md.
# A heap of up to 256 MiB with the serial collector, a smaller code cache and thread stacks, and two malloc arenas
# keep each service under 256 MiB RSS under load without costing throughput on 2 cores (docs/performance.md).
# The heap may grow to hold several messages of the 25 MiB maximum at once, but starts small (-Xms32m; the JVM's
# default start is 1/64 of the machine's memory, i.e. the whole 256 MiB here) with a young generation of at most
# 32 MiB: a service keeps ~16 MiB live after a collection, and every byte of a large eden is touched between two
# collections, so a large eden is resident memory that holds only garbage (ingress-smtp: VmHWM 240 -> 175 MiB).
# MAILROOM_JAVA_OPTS replaces the options; MALLOC_ARENA_MAX from the caller wins.
MAILROOM_DEFAULT_JAVA_OPTS="-Xmx256m -Xms32m -XX:MaxNewSize=32m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=48m -Xss512k -XX:MaxMetaspaceSize=128m"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# Additions for one service, after the common options (so they win), used only while MAILROOM_JAVA_OPTS is unset;
# MAILROOM_JAVA_OPTS_<SERVICE> replaces them. The router and agent-host (live heap 15-30 MiB under bench/agents) start
# with a 32 MiB heap that grows only as needed, up to 160 MiB, instead of the whole 256 MiB committed and touched
# from the start (the initial heap is RAM/64), and run C1-compiled code only: C2 took 35-55 % of their CPU in a
# bench/agents run on 2 cores, and its compiler arenas add to the RSS peak (docs/performance.md, "## Agents").
MAILROOM_DEFAULT_JAVA_OPTS_ROUTER="-Xms32m -Xmx160m -XX:TieredStopAtLevel=1"
MAILROOM_DEFAULT_JAVA_OPTS_AGENT_HOST="-Xms32m -Xmx160m -XX:TieredStopAtLevel=1"
# service_java_opts NAME: the additions for service NAME (as above), on stdout
service_java_opts() {
  local v="MAILROOM_JAVA_OPTS_${1//-/_}" d
  v=${v^^}
  d="MAILROOM_DEFAULT_JAVA_OPTS_${v#MAILROOM_JAVA_OPTS_}"
  if [[ -n ${!v+set} ]]; then printf '%s' "${!v}"
  elif [[ -z ${MAILROOM_JAVA_OPTS+set} ]]; then printf '%s' "${!d:-}"
  fi
}
