"""Reader IP addresses, kept only as keyed hashes.

An IP address is personal data: Gazette never stores or shows one. Rate limits
and ballot-stuffing checks compare HMAC-SHA256 hashes keyed with
``GAZETTE_IP_HASH_KEY`` (derived from ``SECRET_KEY`` when unset), so a leaked
database cannot be reversed by hashing the whole IPv4 space.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address, trusting ``GAZETTE_PROXY_COUNT`` proxies in front."""
    proxies = settings.GAZETTE_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return str(hops[-proxies])
    return str(request.META.get("REMOTE_ADDR", ""))


def ip_hash(request: HttpRequest) -> str:
    """A keyed hash of the client's IP address (64 hex characters)."""
    return hash_ip(client_ip(request))


def hash_ip(address: str) -> str:
    """A keyed hash of an IP address; the address itself is never stored."""
    key = settings.GAZETTE_IP_HASH_KEY.encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()
