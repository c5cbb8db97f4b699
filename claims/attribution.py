"""Reported speech: the words that hand what a sentence says to a speaker.

'"...," said Dr Marsh', 'according to Professor Hale', 'she told the BBC', 'Dr Lee
explains'. Claim detection reads them as a cue that a claim is attributed (quoted, not
the page's own); the byline reader as a sign that a line naming a person with a
credential is a quotation, not the author's line. One list for both, in ``claims``
(which ``checks`` may import, never the reverse).
"""

from __future__ import annotations

import re

REPORTING_WORDS = frozenset([
    "according",
    "said", "says", "told", "tells",
    "added", "adds", "explained", "explains", "noted", "notes", "warned", "warns",
])
REPORTED_SPEECH = re.compile(rf"\b(?:{'|'.join(sorted(REPORTING_WORDS))})\b", re.IGNORECASE)
