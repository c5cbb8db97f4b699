"""A supplement's label reproduced on the page: a "Supplement Facts" title, then the
serving size. Every dietary supplement sold in the US carries that panel (21 CFR 101.36),
so a page that shows one presents a supplement, whether or not it shows a basket."""

from __future__ import annotations

import re

from checks.detectors.promotion.document import PromoDoc
from checks.detectors.promotion.lexicon import SERVING_LINE, Lazy

_TITLE = Lazy(r"^\W*supplement\s+facts\b", re.IGNORECASE)
_SERVING = Lazy(r"^\W*(?:" + SERVING_LINE + ")", re.IGNORECASE)
# The panel's lines follow its title closely; a sentence naming the panel is no panel.
_REACH = 3


def shows_supplement_facts(doc: PromoDoc) -> bool:
    """The page carries a Supplement Facts panel: its title on a line of its own, with a
    serving line among the few lines after it."""
    if "supplement facts" not in doc.lower:
        return False
    units = doc.units
    return any(_TITLE.match(unit.norm) and len(unit.norm.split()) <= 6
               and any(_SERVING.match(after.norm) for after in units[i + 1:i + 1 + _REACH])
               for i, unit in enumerate(units))
