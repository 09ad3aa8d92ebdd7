# shellcheck shell=bash
# A private Postfix instance for benchmarks (sourced by bench/egress): its own config, queue and data directories
# under DIR, one smtpd on a loopback port, no chroot, logging to DIR/maillog; the system Postfix is never touched.
#
#   private_postfix_start DIR LISTEN_PORT discard          every transport discards (durable accept only)
#   private_postfix_start DIR LISTEN_PORT relay SINK_PORT  everything relays to [127.0.0.1]:SINK_PORT, no TLS, no DNS
#   private_postfix_stop DIR
#
# Nothing can leave the machine: no DNS, relayhost on loopback (relay) or no delivery at all (discard); local and
# virtual delivery are discarded in both modes. Postfix defaults otherwise (queue file fsync'd before the 250,
# destination concurrency 20, in_flow_delay 1s, connection cache on demand). Sub-second delays are logged with
# microsecond digits (delay_logging_resolution_limit=6). Needs root (Postfix's daemons run as user postfix).

private_postfix_start() {
  local dir=$1 port=$2 mode=$3 sink=${4:-} transport relayhost
  case "$mode" in
    discard) transport=discard:bench relayhost= ;;
    relay)
      [[ -n $sink ]] || { echo "private_postfix_start: relay needs a sink port" >&2; return 1; }
      transport=smtp relayhost="[127.0.0.1]:$sink"
      ;;
    *) echo "private_postfix_start: mode discard or relay, not '$mode'" >&2; return 1 ;;
  esac
  mkdir -p "$dir/queue" "$dir/data"
  chmod 755 "$dir" "$(dirname "$dir")"
  chown postfix "$dir/data"
  cat >"$dir/main.cf" <<EOF
compatibility_level = $(postconf -h compatibility_level)
queue_directory = $dir/queue
data_directory = $dir/data
command_directory = $(postconf -h command_directory)
daemon_directory = $(postconf -h daemon_directory)
meta_directory = $(postconf -h meta_directory)
shlib_directory = $(postconf -h shlib_directory)
mail_owner = postfix
setgid_group = postdrop
maillog_file = $dir/maillog
maillog_file_prefixes = $dir
syslog_name = postfix-bench
delay_logging_resolution_limit = 6
myhostname = bench.localhost
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
mydestination =
relay_domains =
alias_maps =
alias_database =
relayhost = $relayhost
disable_dns_lookups = yes
smtp_dns_support_level = disabled
smtp_tls_security_level = none
default_transport = $transport
relay_transport = $transport
local_transport = discard:bench
virtual_transport = discard:bench
smtpd_relay_restrictions = permit_mynetworks, reject
smtpd_recipient_restrictions = permit_mynetworks, reject
smtpd_client_connection_count_limit = 0
default_process_limit = 100
EOF
  cat >"$dir/master.cf" <<EOF
127.0.0.1:$port inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
  if ! postfix -c "$dir" start >"$dir/start.log" 2>&1; then
    cat "$dir/start.log" >&2
    return 1
  fi
  local deadline=$((SECONDS + 20))
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      echo "private postfix does not listen on 127.0.0.1:$port" >&2
      cat "$dir/maillog" >&2 2>/dev/null || true
      return 1
    fi
    sleep 0.2
  done
}

private_postfix_stop() {
  postfix -c "$1" stop >/dev/null 2>&1 || true
}
