"""A shop's header read as prose: the lines above a scraped page's first heading or sentence.

Scraped text keeps a shop's header as plain lines ("Free UK delivery on orders over £35 |
Order by 2pm", "Sign in | Basket (0)"). Readers that cannot see markup take them for
paragraphs, so the promotion checks would report the shop's offers as the article's.
This leaf finds the leading run of short lines that ends with the last line carrying a
shop or site cue, and the trailing run of a shop's footer; those lines are site chrome
(reported at info level).
"""

from __future__ import annotations

import re

from checks.detectors.promotion.lexicon import Lazy

# Two items of a row of links separated by a bar, a dot or a chevron ("Shop | Blog").
LINK_ROW = r"\S\s+[|\u00b7\u203a]\s+\S"
# A basket or cart with its item count ("Basket (0)"): a shop's header.
BASKET_COUNT = r"\b(?:cart|basket|bag|trolley)\s*\(\d+\)"
# A shop's banner of perks: "60 Days Return Policy", "Free Samples All Orders", "Free Gifts
# Orders Over $120", "Exclusive Rewards & Membership Plans" (free shipping, delivery and
# returns are offers of their own, read by the header cue and the calls to action already).
SHOP_PERK = (r"\b\d+ (?:days?|nights?) (?:free )?returns? policy\b"
             r"|\bfree (?:gifts?|samples?)(?: on| with)?"
             r" (?:all |any |every )?orders?\b"
             r"|\b(?:rewards?|loyalty|points) (?:&|and) membership\b"
             r"|\bmembership (?:plans?|rewards?|perks)\b"
             r"|\bloyalty (?:programme|program|scheme|club|rewards?)\b")
# A line of a site's header: a basket or cart, an account link, a delivery offer, a
# shop's perk, a row of links separated by bars, a skip link.
CHROME_CUE = Lazy(
    BASKET_COUNT + r"|\b(?:sign|log) ?in\b|\bmy account\b"
    r"|\bwish ?list\b|\bcheckout\b|\badd to (?:cart|basket|bag|trolley)\b|\bskip to\b"
    r"|\bfree (?:[\w-]+ ){0,2}(?:shipping|delivery)\b"
    r"|\bclick (?:&|and) collect\b|" + SHOP_PERK + "|" + LINK_ROW
    + r"|^(?:\S+(?: \S+)?\s{2,}){2}\S", re.IGNORECASE)
_LONG_WORDS = 14
_SEPARATED = Lazy(LINK_ROW + r"|\S\s{3,}\S")


def _is_prose(text: str) -> bool:
    if _SEPARATED.search(text):
        return False  # items of a header row, however many words
    words = text.split()
    return len(words) >= _LONG_WORDS or (len(words) >= 6 and bool(re.search(r"[.!?]$", text)))


def leading_chrome(blocks: list[tuple[bool, str]]) -> int:
    """How many of the leading blocks (``(is_heading, text)``, top first) are site chrome.

    The run stops at the first heading or prose line and is cut back to its last line with
    a chrome cue: a page that opens with its title and no header keeps the title.
    """
    last = 0
    for i, (is_heading, text) in enumerate(blocks):
        line = text.strip()
        if is_heading or "\n" in line or _is_prose(line):
            break
        if CHROME_CUE.search(line):
            last = i + 1
    return last


def trailing_chrome(blocks: list[tuple[bool, str]]) -> int:
    """How many of the trailing blocks are a shop's footer: the run of short lines after the
    last heading or prose line, when at least two of them carry a chrome cue (one "Share |
    Print" line does not make the end of an article a footer)."""
    run = cues = 0
    for is_heading, text in reversed(blocks):
        line = text.strip()
        if is_heading or "\n" in line or _is_prose(line):
            break
        run += 1
        cues += bool(CHROME_CUE.search(line))
    return run if cues >= 2 else 0


def enclosed(chrome: list[bool], blocks: list[tuple[bool, str]]) -> set[int]:
    """Short lines with site chrome on both sides ("Get 10% off when you download our app"
    between a rewards line and the footer links): the reader saw them as paragraphs."""
    out: set[int] = set()
    for i in range(1, len(blocks) - 1):
        if chrome[i] or not (chrome[i - 1] and chrome[i + 1]):
            continue
        is_heading, text = blocks[i]
        if not (is_heading or "\n" in text.strip() or _is_prose(text.strip())):
            out.add(i)
    return out
