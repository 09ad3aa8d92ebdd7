"""Send a message with an attachment, then follow its delivery status.

    MAILROOM_API_KEY=... /usr/bin/python3 examples/send.py you@example.org [file-to-attach]
"""
import sys
import time

from mailroom import ApiError, Attachment, Mailroom


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    mr = Mailroom()  # MAILROOM_API_KEY, MAILROOM_BASE_URL (default http://127.0.0.1:8080)
    attachment = Attachment.from_path(sys.argv[2]) if len(sys.argv) > 2 else Attachment("hello.txt", b"hi\n")
    attachments = [attachment]
    try:
        sent = mr.emails.send(from_="app@agents.localhost", to=[sys.argv[1]], subject="Hello from Mailroom",
                              text="Sent with the Python SDK.", attachments=attachments)
    except ApiError as e:
        print("refused:", e.status, e.title, e.detail, e.errors)
        return 1
    print("accepted", sent.id, sent.message_id)
    for _ in range(30):
        status = mr.emails.get(sent.id)  # a read of your own send waits the moment it takes to be filed
        print("status", status.get("status"))
        if status.get("status") in ("sent", "delivered", "bounced", "failed", "suppressed"):
            break
        time.sleep(1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
