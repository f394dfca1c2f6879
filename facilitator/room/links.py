"""Addresses phones can reach, and the join QR code."""

from __future__ import annotations

import functools
import os
import socket
from urllib.parse import urlencode

import segno


@functools.cache
def lan_address() -> str:
    """This machine's address on the local network (no packet is sent), or 127.0.0.1."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        # connect() on UDP only picks the outgoing interface; nothing leaves the machine.
        probe.connect(("192.0.2.1", 9))
        return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


def public_base_url(port: int) -> str:
    """KOHTAAMO_PUBLIC_URL when set (behind a proxy), else http://<LAN address>:<port>."""
    configured = os.environ.get("KOHTAAMO_PUBLIC_URL", "").strip()
    if configured:
        return configured.rstrip("/")
    return f"http://{lan_address()}:{port}"


def join_link(base_url: str, code: str) -> str:
    """The link a phone opens to join: <base>/?code=XXXXXX."""
    return f"{base_url}/?{urlencode({'code': code})}"


def projector_link(base_url: str, code: str) -> str:
    """The projector view of a workshop."""
    return f"{base_url}/projector?{urlencode({'code': code})}"


@functools.lru_cache(maxsize=32)
def qr_svg(link: str, *, scale: int = 10) -> str:
    """A crisp SVG QR code of the link, dark on white with a quiet zone."""
    # Made once per link: the projector draws it every two seconds, and making it takes 6 ms.
    qr = segno.make_qr(link, error="m")
    return qr.svg_inline(scale=scale, border=2, dark="#111111", light="#ffffff")
