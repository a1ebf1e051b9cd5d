"""Run localstripe (the Stripe API emulator from PyPI) for GigGatek's tests.

localstripe's own command binds every interface, on a fixed port, and pickles
its data to /tmp/localstripe.pickle after each write. This wrapper instead:

- listens on 127.0.0.1 only, on a free port that the kernel picks, and prints
  "listening on http://127.0.0.1:PORT" as its first line on stdout;
- keeps all data in memory, so parallel tests never share state;
- adds the fields that async-stripe's typed objects require and localstripe
  1.15.10 leaves out (an event's pending_webhooks and request, a
  PaymentIntent's amount_received and confirmation_method, among others);
- sends charge.refunded after a refund, which localstripe does not send;
- optionally registers one webhook endpoint at start (--webhook-url and
  --webhook-secret), signed with Stripe's t=...,v1=HMAC-SHA256 scheme.

It runs until it receives SIGTERM or SIGINT.
"""

import argparse
import asyncio
import signal
import socket
import sys

from aiohttp import web
from localstripe import resources
from localstripe.resources import Charge, Event, PaymentIntent, Refund
from localstripe.server import app
from localstripe.webhooks import register_webhook, schedule_webhook

# Keep the store in memory: the disk store is one shared file in /tmp.
resources.Store.dump_to_disk = lambda self: None
resources.Store.try_load_from_disk = lambda self: None

_export_event = Event._export


def _export_event_with_required_fields(self, expand=None):
    exported = _export_event(self, expand=expand)
    exported.setdefault("pending_webhooks", 0)
    exported.setdefault("request", {"id": None, "idempotency_key": None})
    return exported


Event._export = _export_event_with_required_fields

_export_payment_intent = PaymentIntent._export


def _export_payment_intent_with_required_fields(self, expand=None):
    exported = _export_payment_intent(self, expand=expand)
    succeeded = exported.get("status") == "succeeded"
    capturable = exported.get("status") == "requires_capture"
    exported.setdefault("amount_received", exported["amount"] if succeeded else 0)
    exported.setdefault("amount_capturable", exported["amount"] if capturable else 0)
    exported.setdefault("confirmation_method", "automatic")
    exported.setdefault("payment_method_types", ["card"])
    # async-stripe reads latest_charge as an id unless it was expanded.
    latest_charge = exported.get("latest_charge")
    if isinstance(latest_charge, dict) and "latest_charge" not in (expand or []):
        exported["latest_charge"] = latest_charge["id"]
    exported.pop("charges", None)
    error = exported.get("last_payment_error")
    if isinstance(error, dict):
        error.setdefault("type", "card_error")
    return exported


PaymentIntent._export = _export_payment_intent_with_required_fields

_refund_init = Refund.__init__


def _refund_init_with_event(self, *args, **kwargs):
    _refund_init(self, *args, **kwargs)
    charge = Charge._api_retrieve(self.charge)
    schedule_webhook(Event("charge.refunded", charge))


Refund.__init__ = _refund_init_with_event


async def serve(webhook_url, webhook_secret):
    if webhook_url:
        register_webhook("giggatek", webhook_url, webhook_secret, None)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.SockSite(runner, listener)
    await site.start()
    port = listener.getsockname()[1]
    print(f"listening on http://127.0.0.1:{port}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    await runner.cleanup()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--webhook-url", help="URL to deliver every event to")
    parser.add_argument("--webhook-secret", help="signing secret for --webhook-url")
    args = parser.parse_args()
    if bool(args.webhook_url) != bool(args.webhook_secret):
        parser.error("--webhook-url and --webhook-secret go together")
    asyncio.run(serve(args.webhook_url, args.webhook_secret))
    return 0


if __name__ == "__main__":
    sys.exit(main())
