"""Settings' errors and value parsers: a leaf shared by config, policy and resolver settings."""

from __future__ import annotations

import re
from typing import Any


class ConfigError(Exception):
    """A configuration problem; the message names the file, the key and what was expected."""


def parse_size(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmMgG]?)[iI]?[bB]?\s*", value)
        if m:
            scale = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[m.group(2).lower()]
            return int(float(m.group(1)) * scale)
    raise ValueError("a positive byte count such as 5000000 or '5MB'")
