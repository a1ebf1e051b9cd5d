"""A test SMTP server on 127.0.0.1 that stores every accepted message.

Each message is written to MAILDIR as NNNNNN.eml (the raw bytes as
received) next to NNNNNN.json (the envelope), the .eml renamed into place
last, so a reader never sees half a message. Recipients steer the reply:
a local part starting with "reject" gets 550, one starting with "defer"
gets 451. On SIGTERM the server stops accepting, lets replies already
written reach the client and exits, so a message stored is a message
acknowledged.

Usage: python3 server.py --maildir DIR [--port N]
Prints "listening PORT" on stdout once it accepts connections.
"""

import argparse
import asyncio
import itertools
import json
import os
import signal
import sys

from aiosmtpd.smtp import SMTP


class StoringHandler:
    def __init__(self, maildir):
        self.maildir = maildir
        existing = [name for name in os.listdir(maildir) if name.endswith(".eml")]
        self.counter = itertools.count(len(existing) + 1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local_part = address.split("@", 1)[0].lower()
        if local_part.startswith("reject"):
            return "550 5.1.1 Mailbox unavailable"
        if local_part.startswith("defer"):
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        number = next(self.counter)
        stem = os.path.join(self.maildir, f"{number:06d}")
        with open(stem + ".json", "w", encoding="utf-8") as meta:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, meta)
        with open(stem + ".tmp", "wb") as message:
            message.write(envelope.original_content or envelope.content)
        os.rename(stem + ".tmp", stem + ".eml")
        return f"250 2.0.0 Ok: queued as {number:06d}"


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.maildir, exist_ok=True)

    handler = StoringHandler(args.maildir)
    loop = asyncio.get_running_loop()
    sessions = set()

    def make_session():
        session = SMTP(handler, hostname="smtp.test", ident="giggatek test SMTP")
        sessions.add(session)
        return session

    server = await loop.create_server(make_session, host="127.0.0.1", port=args.port)
    port = server.sockets[0].getsockname()[1]
    print(f"listening {port}", flush=True)

    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    await stop.wait()
    server.close()
    for session in sessions:
        # close() sends what is already buffered, such as a 250 reply,
        # before the connection ends.
        if session.transport is not None:
            session.transport.close()
    await asyncio.sleep(0.2)


if __name__ == "__main__":
    asyncio.run(main())
    sys.exit(0)
