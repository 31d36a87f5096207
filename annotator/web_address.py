"""Which URLs from data are web addresses: a source's `url` is stored, and exported as a link, only when it is one."""

from __future__ import annotations

import re

WEB_ADDRESS = re.compile(r"^https?://[^\s/?#]+\S*$", re.IGNORECASE)  # nothing a viewer may run (javascript:) or open locally (file:)


def is_web_address(url: object) -> bool:
    """Whether a value is an http(s) address with a host and no whitespace."""
    return isinstance(url, str) and bool(WEB_ADDRESS.match(url))
