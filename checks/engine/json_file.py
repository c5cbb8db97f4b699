"""Reading a JSON file a user named (a baseline, an earlier report) with errors in words.

A missing file and an unreadable or malformed one are told apart, since the fix differs
(a wrong path against a damaged file); each caller says what the file was meant to be.
"""

from __future__ import annotations

import json
from typing import Any


def load_json_file(path: str, error: type[Exception], *, missing: str, unreadable: str) -> Any:
    """The parsed JSON at ``path``; ``error("{path}: {missing}")`` when there is no such file,
    ``error("{path}: {unreadable}: {reason}")`` when it cannot be read or parsed."""
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise error(f"{path}: {missing}") from None
    except (OSError, ValueError) as exc:
        raise error(f"{path}: {unreadable}: {exc}") from None
