#!/bin/sh
# Verifies a message with opendkim-testmsg, offline. Run it inside fresh network and mount namespaces:
#   unshare --net --mount /bin/sh opendkim_verify.sh MESSAGE_FILE RECORDS_FILE
# There, loopback is brought up, dns_server.py answers on 127.0.0.1:53 from RECORDS_FILE ("<name>\t<TXT>" lines), and
# a bind mount points this namespace's /etc/resolv.conf at it: opendkim's real DNS look-ups never leave the namespace,
# and the machine's own resolv.conf is untouched.
# Prints "rc=<opendkim-testmsg exit status>" (0: the signature verified) and its messages; exit 3 on a set-up error.
set -eu
message=$1
records=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ip link set lo up
printf 'nameserver 127.0.0.1\noptions attempts:1 timeout:2\n' > "$work/resolv.conf"
mount --bind "$work/resolv.conf" /etc/resolv.conf
/usr/bin/python3 "$here/dns_server.py" "$records" "$work/ready" 2>"$work/dns.log" &
dns=$!
tries=0
while [ ! -e "$work/ready" ]; do
  tries=$((tries + 1))
  if [ "$tries" -gt 200 ] || ! kill -0 "$dns" 2>/dev/null; then
    echo "the DNS server did not start:" >&2
    cat "$work/dns.log" >&2
    kill "$dns" 2>/dev/null || true
    exit 3
  fi
  sleep 0.05
done
set +e
out=$(/usr/sbin/opendkim-testmsg < "$message" 2>&1)
rc=$?
kill "$dns"
wait "$dns" 2>/dev/null
echo "rc=$rc"
[ -n "$out" ] && echo "$out"
echo "dns: $(tr '\n' ';' < "$work/dns.log")"
exit 0
