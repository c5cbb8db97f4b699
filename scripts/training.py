"""What every training script checks before it starts: scikit-learn, from the `train` extra
(it is never a runtime dependency, so a plain install does not have it)."""

from __future__ import annotations

import importlib.util
import sys


def sklearn_missing(script: str) -> bool:
    """True, after telling the user how to install it, when scikit-learn is absent."""
    if importlib.util.find_spec("sklearn") is not None:
        return False
    print(f"{script}: scikit-learn is needed for training: pip install -e '.[train]'",
          file=sys.stderr)
    return True
