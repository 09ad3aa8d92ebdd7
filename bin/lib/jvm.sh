# JVM defaults of the four services, shared by bin/mailroom and the benchmarks under bench/ (sourced, not run);
# why: docs/adr/0018-runtime-choices-jvm-and-ed25519.md (and its update of 2026-11-24 for the heap free ratios and the trim).
# A heap of up to 256 MiB with the serial collector, a smaller code cache and thread stacks, and two malloc arenas
# keep each service under 256 MiB RSS under load without costing throughput on 2 cores (docs/performance.md).
# The heap may grow to hold several messages of the 25 MiB maximum at once, but starts small (-Xms32m; the JVM's
# default start is 1/64 of the machine's memory, i.e. the whole 256 MiB here) with a young generation of at most
# 32 MiB: a service keeps ~16 MiB live after a collection, and every byte of a large eden is touched between two
# collections, so a large eden is resident memory that holds only garbage (ingress-smtp: VmHWM 240 -> 175 MiB).
# MAILROOM_JAVA_OPTS replaces the options; MALLOC_ARENA_MAX from the caller wins.
# The heap grows only when less than 25 % is free after a collection and gives memory back above 50 % (the JVM's
# defaults are 40 % and 70 %): under bench/agents' flood agent-host's VmHWM fell from 260-282 to 243 MiB and
# egress-sender's from 349-390 to 323 (live set after a full collection ~30 MiB; ADR 0018, update of 2026-11-24).
# Where the JVM has it (JDK 17.0.9+, 21+), memory that malloc keeps after the JIT compilers freed it is given back
# every 5 s (-XX:TrimNativeHeapInterval; a JVM without it would refuse to start, hence the probe).
MAILROOM_DEFAULT_JAVA_OPTS="-Xmx256m -Xms32m -XX:MaxNewSize=32m -XX:MinHeapFreeRatio=25 -XX:MaxHeapFreeRatio=50 -XX:+UseSerialGC -XX:ReservedCodeCacheSize=48m -Xss512k -XX:MaxMetaspaceSize=128m"
if "${JAVA_HOME:+$JAVA_HOME/bin/}java" -XX:TrimNativeHeapInterval=5000 -version >/dev/null 2>&1; then
  MAILROOM_DEFAULT_JAVA_OPTS+=" -XX:TrimNativeHeapInterval=5000"
fi
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
