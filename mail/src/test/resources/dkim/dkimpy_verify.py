"""Verifies every DKIM-Signature of a message with dkimpy, offline.

usage: /usr/bin/python3 dkimpy_verify.py [--strict-h] MESSAGE_FILE RECORDS_FILE
RECORDS_FILE: one "<dns name>\t<TXT value>" per line; the DNS look-ups of dkimpy are answered from it only.
--strict-h: hash exactly the fields h= names. By default dkimpy hashes one more From than h= lists (its fix for
Debian bug 644046), which hides whether a signer over-signs From; strict mode shows it.
Prints "signatures <n>", then per signature (topmost first) "sig <i> <a=> <d=> pass|fail <detail>".
Exit status 0 when the verification ran (whatever its outcome), 2 on a usage or environment error.
"""
import sys

import dkim


class _ExactHeaders(list):
    """The h= names; ignores the one extra b"from" that dkimpy appends before hashing."""

    def append(self, item):
        if item == b"from" and not getattr(self, "extra_from_dropped", False):
            self.extra_from_dropped = True
            return
        super().append(item)


class _StrictDKIM(dkim.DKIM):
    def verify_headerprep(self, idx=0):
        prep = super().verify_headerprep(idx)
        if prep:
            sig, include_headers, sigheaders = prep
            prep = sig, _ExactHeaders(include_headers), sigheaders
        return prep


def main():
    args = sys.argv[1:]
    strict = bool(args) and args[0] == "--strict-h"
    if strict:
        args = args[1:]
    if len(args) != 2:
        sys.stderr.write(__doc__)
        return 2
    verifier_class = _StrictDKIM if strict else dkim.DKIM
    with open(args[0], "rb") as f:
        message = f.read()
    records = {}
    with open(args[1], encoding="ascii") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if line:
                name, value = line.split("\t", 1)
                records[name.lower().rstrip(".")] = value

    def dnsfunc(name, timeout=5):
        if isinstance(name, bytes):
            name = name.decode("ascii")
        value = records.get(name.lower().rstrip("."))
        return value.encode("ascii") if value is not None else None

    count = len([1 for name, _ in dkim.DKIM(message).headers if name.lower() == b"dkim-signature"])
    print("signatures %d" % count)
    for i in range(count):
        verifier = verifier_class(message)
        detail = ""
        try:
            ok = verifier.verify(idx=i, dnsfunc=dnsfunc)
            if not ok:
                detail = "signature mismatch"
        except dkim.DKIMException as e:
            ok = False
            detail = "%s: %s" % (type(e).__name__, e)
        sig = getattr(verifier, "signature_fields", None) or {}
        algorithm = sig.get(b"a", b"?").decode("ascii", "replace")
        domain = sig.get(b"d", b"?").decode("ascii", "replace")
        print("sig %d %s %s %s %s" % (i, algorithm, domain, "pass" if ok else "fail", detail))
    return 0


if __name__ == "__main__":
    sys.exit(main())
