# JVM defaults of the four services, shared by bin/mailroom and the benchmarks under bench/ (sourced, not run).
# A 256 MiB heap with the serial collector, a smaller code cache and thread stacks, and two malloc arenas keep each
# service under 256 MiB RSS under load (bench/ingress: 233 MiB against 308 MiB with -Xmx384m and G1; see
# docs/performance.md) without costing throughput on 2 cores. The heap still holds several messages of the
# 25 MiB maximum at once. MAILROOM_JAVA_OPTS replaces the options; MALLOC_ARENA_MAX from the caller wins.
MAILROOM_DEFAULT_JAVA_OPTS="-Xmx256m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=48m -Xss512k -XX:MaxMetaspaceSize=128m"
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
