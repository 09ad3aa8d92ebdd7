"""A tiny authoritative DNS server for TXT records, for offline DKIM tests inside a private network namespace.

usage: /usr/bin/python3 dns_server.py RECORDS_FILE READY_FILE
RECORDS_FILE: one "<dns name>\t<TXT value>" per line. Listens on 127.0.0.1:53 (UDP), answers TXT queries for those
names (values split into 255-byte strings), NXDOMAIN otherwise; creates READY_FILE once listening.
"""
import socket
import sys

import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset


def main():
    records = {}
    with open(sys.argv[1], encoding="ascii") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if line:
                name, value = line.split("\t", 1)
                records[name.lower().rstrip(".")] = value
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 53))
    open(sys.argv[2], "w").close()
    while True:
        data, peer = sock.recvfrom(4096)
        query = dns.message.from_wire(data)
        response = dns.message.make_response(query)
        question = query.question[0]
        name = question.name.to_text().lower().rstrip(".")
        sys.stderr.write("query %s %s\n" % (name, dns.rdatatype.to_text(question.rdtype)))
        value = records.get(name)
        if value is None:
            response.set_rcode(dns.rcode.NXDOMAIN)
        elif question.rdtype == dns.rdatatype.TXT:
            strings = " ".join('"%s"' % value[i:i + 255] for i in range(0, len(value), 255))
            response.answer.append(dns.rrset.from_text(question.name, 60, "IN", "TXT", strings))
        sock.sendto(response.to_wire(), peer)


if __name__ == "__main__":
    main()
