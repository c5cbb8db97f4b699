"""Calls to action: the words that ask the reader to buy, order, download or try.

Three kinds, from strongest to weakest evidence:

- commerce phrases that only shops use ("add to cart", "free shipping",
  "money-back guarantee", "use code GUT20", "25% off", app-store badges, payment
  partners);
- an imperative at the start of a clause whose object is a named product
  ("Head for Hempvana", "Try ReliefWave today", "Drink one cup of SlimLeaf"), or a
  buying verb with "now/today/here" ("Order now");
- a price next to a product or an offer word ("for just $49.99").

A generic instruction ("try a warm bath", "buy a sunscreen with SPF 30") names no
product and is advice, not a call to action.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from checks.detectors.promotion import sold
from checks.detectors.promotion.chrome import LINK_ROW, SHOP_PERK
from checks.detectors.promotion.context import why_not_own
from checks.detectors.promotion.document import BOILERPLATE, PromoDoc, Unit, per_document
from checks.detectors.promotion.lexicon import INDEPENDENT, Lazy, words
from checks.detectors.promotion.products import Mention, ProductIndex
from claims.model import BlockKind

# "Boots", "Holland & Barrett", "Amazon.com" (a full stop after it ends the sentence)
_RETAILER = r"(?-i:[A-Z])(?:[\w&'.-]*\w)?(?:(?: &)? (?-i:[A-Z])(?:[\w&'.-]*\w)?){0,2}"
_STOCKISTS_AT = (r"available (?:now |today )?(?:in store |online )?(?:from|at|in|through) "
                 + _RETAILER)
# ... and on the maker's own site: a notice whatever else the page names
_STOCKISTS_ONLINE = (rf"{_STOCKISTS_AT}(?:, {_RETAILER})*,? (?:and|or) online (?:at|from)"
                     r" [\w-]+(?:\.[\w-]+)+")
# ... or at two retailers: a notice when the page names a product
_STOCKISTS = rf"{_STOCKISTS_AT}(?:, {_RETAILER})*,? (?:and|or) {_RETAILER}"
# Buying from the maker, past the shops: "you can now buy them directly online", "order
# direct from the brand"; a notice when the page names a product.
_DIRECT = (r"(?:buy|order|purchase|get)(?: (?:it|them|one|yours|these|this|their [\w-]+"
           r"|the [\w-]+))? direct(?:ly)? (?:online|from (?:the )?(?:maker|manufacturer|brand"
           r"|company|us)|from (?:our|their|the brand's) (?:website|site|store|shop)"
           r"|from (?-i:[A-Z])[\w&'.-]*|(?:on|via|through) (?:our|their|the brand's) "
           r"(?:website|site|store|shop))")
# The publisher's own review of a product, offered as the next click: "check out our
# <Name> Review", "read our full review of the best <X>", "see our buying guide". A
# review of the evidence ("our Cochrane Review") is no product's.
_REVIEW_VERBS = (r"(?:check out|read|see|take a look at|head (?:over )?to|visit) our "
                 r"(?:full |in-depth |detailed |complete |honest |hands-on |expert )?")
_REVIEW_LINK = (_REVIEW_VERBS + r"(?:(?!(?-i:Cochrane|Systematic|Evidence|Literature|Peer)\b)"
                r"(?:(?-i:[A-Z0-9])[\w'&.+-]*) ){1,6}reviews?(?: article| post| page)?"
                r"|" + _REVIEW_VERBS + r"(?:reviews?|round-?up|comparison|rankings?) of (?:the )?"
                r"(?:best|top)\b|" + _REVIEW_VERBS + r"(?:[\w-]+ )?(?:buying|buyer'?s'?) guides?")
# A pointer to the publisher's own review: a call to read on, which alone does not make
# its paragraph a product's pitch (pitch.score leaves it out).
REVIEW_LINK = "a link to the publisher's product review"
# A consultation, test or treatment to book: "Book a free hearing test", "Book your
# assessment" (a clinic's or a shop's call; a public service's free check is advice, so it
# needs a commercial page; "book an appointment" is what advice says to do with a doctor).
_BOOKING = (r"book (?:a|your|an) (?:(?:free|complimentary|no-obligation) (?:[\w-]+ ){0,2}"
            r"(?:test|consultation|trial|assessment|check|fitting|session|appointment|demo)"
            r"|(?:[\w-]+ ){0,2}(?:assessment|consultation|fitting|hearing test|eye test|session"
            r"|treatment|slot)s?)")
# How soon the order arrives: "Delivery in as little as 1 hour", "Pickup: ready in 1 hour",
# "Ships in 1 to 2 business days".
_SHOP_FAST = (r"(?:delivery|delivered|pick-?up|pick up|collection)\W{0,3}(?:[\w-]+ ){0,2}in "
              r"(?:as little as |under |just )?(?:\d+|one|two) (?:hours?|minutes?)"
              r"|ships (?:in|within) \d+(?: (?:to|-) \d+)? (?:business |working )?days")
_SHIPS_FREE = r"(?:ships|is shipped|are shipped) (?:for )?free"
# "Shop Calm Gummies and subscribe ...": a shop link's words, at the start of a clause.
_SHOP_LINK = (r"(?<![,;] )(?-i:Shop|Buy)(?: the)? (?-i:[A-Z])[\w&'.-]*"
              r"(?: (?-i:[A-Z])[\w&'.-]*){0,3}")
# "Browse our CBD oils", "explore the Tidewell range": the seller's shelves.
_BROWSE = (r"(?:browse|explore) (?:our|the) (?:full |whole |entire |latest )?(?:[\w-]+ ){0,2}?"
           r"(?:range|collection|shop|store"
           r"|selection|products|best-?sellers|(?:[\w-]+ ){0,2}(?:oils|gummies|capsules|tinctures"
           r"|balms|creams|supplements|teas|serums|powders|drops|vitamins))")
# A seller's own next steps, offers only on a page that sells: paying in parts, a full
# refund, a quiz or consultation to start, its own shop or range.
_SELLER_STEPS = (
    r"spread the cost|pay in (?:\d|three|four) (?:interest-free )?(?:instal?ments|payments)"
    r"|(?:with|via) (?:klarna|affirm|afterpay|clearpay|laybuy)"
    r"|(?:for )?a full refund"
    r"|take (?:the|our) (?:free |quick |short |\d+-minute )*quiz"
    r"|start your (?:free )?(?:[\w-]+ )?(?:consultation|trial|assessment|quiz)"
    r"|visit our (?:online )?(?:shop|store)"
    r"|in our (?:[\w&'-]+ ){0,3}(?:range|collection)")  # "in our own shop" is a place
# A shop's button or badge, alone on its line (see _stands).
_BUTTON = (r"^(?:(?:buy|shop|order)(?: now)? (?:at|from|on) (?-i:[A-Z])[\w&'.-]*"
           r"(?: (?-i:[A-Z])[\w&'.-]*)?|we accept|secure payments?)\W*$")
# (pattern, what it is, words one of which every match contains: the prefilter).
_PHRASES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (r"add (?:both |all (?:\w+ )?|them )?to (?:cart|basket|bag|trolley)", "an add-to-cart button",
     ("add to", "add both", "add all", "add them")),
    (r"(?:buy|shop|order|subscribe|download|book|call|install|join)(?: it| one| yours)? "
     r"(?:now|today)", "a buy-now prompt", ("now", "today")),
    (r"order online", "an order prompt", ("order online",)),
    (r"(?:free|fast|express|same-day|next-day)(?: (?!on\b|of\b|for\b)[\w-]+){0,2} "
     r"(?:shipping|delivery|dispatch|returns)",
     "a shipping offer", ("shipping", "delivery", "dispatch", "returns")),
    (r"(?:get|claim|grab|with) (?:your |a |my )?free(?: [\w-]+){0,2} samples?(?: pack)?",
     "a free-sample offer", ("sample",)),
    (r"\d+ interest-free (?:payments|instalments|installments)", "a payment-plan offer",
     ("interest-free",)),
    (r"earn (?:\d+x |\d+% |double |triple |\d+ )(?:points|back|rewards|cashback)",
     "a loyalty offer", ("earn",)),
    (r"until you cancel|cancel (?:at )?any ?time", "a subscription offer", ("cancel",)),
    (r"offer ends\b(?: [\w-]+){0,3}|hurry[!,]|(?:discount|offer|deal|sale|price) expires"
     r"|only \d+ (?:[\w-]+ )?(?:left|remaining)(?: in stock| at this price)?",
     "an urgency prompt", ("offer ends", "hurry", "expires", "left", "remaining")),
    # A seller's own channel ("available exclusively from our website"), not a prescriber
    # ("products available only from your doctor", "available only on prescription")
    (r"available (?:directly|exclusively|only) (?:from|at|through|on|via)(?! (?:your |a |the )?"
     r"(?:doctors?|gps?|physicians?|dermatologists?|prescribers?|pharmacists?|prescriptions?"
     r"|pharmac(?:y|ies)|clinics?|hospitals?)\b)",
     "an availability notice", ("available",)),
    # "available from Boots and online at lumiva.co.uk", "available at Walgreens, CVS and
    # Target": the retailers that stock it, named
    (_STOCKISTS_ONLINE, "an availability notice", ("available",)),
    (_STOCKISTS, "an availability notice", ("available",)),
    # "Available now at <Retailer>." on a shop's own page
    (_STOCKISTS_AT, "an availability notice", ("available",)),
    (_DIRECT, "a where-to-buy prompt", ("direct",)),
    (_REVIEW_LINK, REVIEW_LINK, ("our ",)),
    (_BOOKING, "a booking prompt", ("book",)),
    (_SHOP_FAST, "a delivery offer", ("deliver", "pickup", "pick-up", "pick up", "collection",
                                      "ships")),
    (_SHIPS_FREE, "a shipping offer", ("free",)),
    (_SHOP_LINK, "a shop button", ("shop", "buy")),
    (_BROWSE, "a shop prompt", ("browse", "explore")),
    (r"claim your (?:[\w%-]+ ){0,3}(?:discount|offer|deal|free sample|gift|voucher|coupon|bonus)",
     "a discount", ("claim",)),
    (r"members?[- ]only (?:deals|offers|discounts|prices|sales?|savings)", "a loyalty offer",
     ("only",)),
    (r"free (?:[\w-]+ ){1,3}(?:on|with) (?:every|each|all|any) (?:[\w-]+ )?(?:orders?|purchases?"
     r"|frames?|pairs?|bottles?|boxes|packs?)", "a free-gift offer", ("free",)),
    (r"(?:grab|get|pick up|order|buy) (?:a|your|one|another) (?:[\w-]+ )?(?:bottle|tub|jar|box"
     r"|pack|packet|tube|pouch|bundle)(?: [\w-]+){0,2} (?:today|now)", "a buy-now prompt",
     ("today", "now")),
    # a button or a line of the shop's chrome: "Buy at <Retailer>", "We accept"
    (_BUTTON, "a shop button", ("buy", "shop", "order", "accept", "secure")),
    (r"(?:see|view) (?:it|them|this|the deal|the offer) (?:at|on) (?-i:[A-Z])[\w&'.-]*"
     r"(?: (?-i:[A-Z])[\w&'.-]*)?", "a retailer link", ("see it", "see them", "view it",
                                                        "see this", "the deal", "the offer")),
    (r"(?:buy|order|get)(?: (?!it\b|them\b)[\w'-]+){1,3} (?:on|at|from) (?:amazon|walmart|target"
     r"|ebay|iherb|etsy)", "a retailer link", ("amazon", "walmart", "target", "ebay", "iherb",
                                               "etsy")),
    (r"(?:\d+-day )?(?:money-?back|satisfaction|happiness|no-quibble|no-questions-asked"
     r"|love-it) guarantee(?:d)?", "a money-back guarantee",
     ("guarantee",)),
    (r"satisfaction guaranteed", "a money-back guarantee", ("guaranteed",)),
    (r"(?:risk-?free|free|\d+-(?:day|week|month)(?: home| premium| in-home)?|premium"
     r"|home) trial", "a trial offer", ("trial",)),
    (r"try (?:it )?before you buy", "a trial offer", ("before you buy",)),
    (r"\d+-(?:day|night) (?:[\w-]+ )?returns?", "a returns offer", ("return",)),
    (SHOP_PERK, "a shop's perk", ("return", "orders", "membership", "loyalty")),
    (r"(?:on|for|with) (?:all |your )?(?:[\w-]+ )?orders (?:over|above|of) [$\u00a3\u20ac]\d+",
     "a shipping offer", ("orders",)),
    (r"(?:buy|check ?out|pay) with (?:shop ?pay|apple ?pay|google ?pay|paypal|klarna)",
     "a checkout button", ("pay", "klarna")),
    (r"0% (?:apr|finance|interest)(?: available)?|interest-free (?:credit|finance)",
     "a payment-plan offer", ("0%", "interest-free")),
    (r"(?:\d|two|three|four) for (?:\d|one|two|three)(?= on (?:selected|all|any)\b| offer\b)"
     r"|mix (?:and|&) match", "a multibuy offer", (" for ", "mix ")),
    (r"(?:see|view|check|find|get|shop)(?: [\w'-]+){0,2} (?:deals?|offers?|discounts?) (?:on|at)"
     r" (?-i:[A-Z])[\w&'.-]*", "a retailer link", ("deal", "offer", "discount")),
    (r"(?:try|order|buy|get)(?: [\w-]+){0,4} risk-?free", "a risk-free offer", ("free",)),
    (r"limited[- ]time (?:offer|deal|only|discount|price)", "an urgency prompt", ("time",)),
    (r"(?:this|today) (?:week|weekend)(?: only)?|today only|this week only",
     "an urgency prompt", ("only",)),
    (r"while (?:supplies|stocks?) last|supplies are limited|(?:stock|supplies) (?:is|are) "
     r"limited|selling fast|almost (?:gone|sold out)", "an urgency prompt",
     ("last", "limited", "selling", "almost")),
    (r"(?:buy|get) (?:one|1),? get (?:one|1)(?: free| \d+% off| half price)?",
     "a multibuy offer", ("get",)),
    (r"(?:subscribe|bundle) (?:and|&) save(?: \d+%)?", "a subscription offer", ("save",)),
    (r"(?:use|enter|apply|with) (?:my |our |the )?(?:promo |discount |coupon |voucher )?code "
     r"[\"“']?(?-i:[A-Z0-9]{3,})[\"”']?(?: at checkout)?", "a discount code", ("code",)),
    (r"(?:promo|discount|coupon|voucher) codes?", "a discount code", ("code",)),
    (r"(?:up to )?\d{1,2}% off(?: (?:your|the|on|every)(?: [\w-]+){0,3})?", "a discount",
     ("% off",)),
    (r"save (?:up to )?(?:\d{1,2}%|[$\u00a3\u20ac\u20b9]\d+)(?: on(?: [\w-]+){0,3})?",
     "a discount", ("save",)),
    (r"(?:get|download)(?: it| the app| our app)? (?:free )?(?:on|from) (?:the )?"
     r"(?:app store|google play|play store)", "an app-store link", ("store", "play")),
    (r"(?:buy|order|get|find|shop|available)(?: it| them| one| yours| now)? (?:on|at|from) "
     r"(?:amazon|walmart|target|ebay|iherb|etsy|our (?:store|shop|website|site))",
     "a retailer link", ("amazon", "walmart", "target", "ebay", "iherb", "etsy", "our ")),
    (r"secure checkout", "a checkout prompt", ("checkout",)),
    (r"shop (?:the|our)(?: [\w'-]+){0,3} (?:range|collection|sale|store|line|products"
     r"|favou?rites|picks|best-?sellers|edit|selection)",
     "a shop prompt", ("shop",)),
    (r"order (?:before|by) \d{1,2}(?::\d\d)? ?(?:am|pm)", "an order prompt", ("order",)),
    (r"click (?:here|the link|below|the button)(?: (?:to|and) (?:order|buy|shop|get|claim|try"
     r"|download|subscribe)(?: [\w-]+){0,2})?", "a click-through prompt", ("click",)),
    (r"(?:two|2|three|3|four|4) (?:[\w-]+ )?for the price of (?:one|1|two|2|three|3)",
     "a multibuy offer", ("price of",)),
    (r"as seen on (?:tv|television)", "an infomercial claim", ("seen on",)),
    (_SELLER_STEPS, "a seller's next step", ("spread", "pay in", "klarna", "affirm",
                                              "afterpay", "clearpay", "laybuy", "refund",
                                              "quiz", "start your", "visit our", "in our")),
    (r"click (?:&|and) collect|same-day (?:pick-?up|collection)|(?:dispatched|dispatch) "
     r"(?:within|in) \d+ (?:hours?|(?:working |business )?days?)"
     r"|(?:shipping|delivery) is (?:always )?free|free (?:over|on orders over) [$\u00a3\u20ac]\d+",
     "a delivery offer", ("collect", "same-day", "dispatch", "free")),
    (r"(?:or|get) your money back", "a money-back guarantee", ("money back",)),
    (r"try (?:it|them|one) (?:at home |risk-free )?for \d+ (?:days|nights|weeks)",
     "a trial offer", ("try ",)),
    (r"(?:up to )?(?:\d/\d|half|a third) off|half price", "a discount", (" off", "half price")),
    (r"spend [$\u00a3\u20ac]\d[\d.,]*,? (?:and )?get", "a free-gift offer", ("spend",)),
    (r"collect \d[\d,]* (?:[\w-]+ ){0,2}points", "a loyalty offer", ("points",)),
    (r"find (?:your|the right) (?:[\w-]+ ){0,3}(?:at|on) [\w-]+(?:\.[\w-]+)+",
     "a retailer link", ("find ",)),
    (r"(?:check|see|view|compare) (?:the |(?-i:[A-Z])[\w&.-]*'s )?(?:latest |current "
     r"|today's )?prices?"
     r"(?: (?:on|at) [\w&'.-]+(?: (?-i:[A-Z])[\w&'.-]*)?)?",  # "at Amazon", "at Blue Ridge"
     "a retailer link", ("price",)),
)
_APP_BADGE = Lazy(r"(?:get it on\s+|download on\s+(?:the\s+)?)?(?:google\s*play|play\s*store"
                        r"|(?:apple\s+)?app\s*store)", re.IGNORECASE)

_VERBS = (r"buy|order|shop|purchase|get|grab|try|download|install|subscribe(?: to)?|reach for"
          r"|sign up(?: for| to)?|join|book|claim|pick up|head(?: over)? (?:to|for)|visit"
          r"|check out|discover|choose|switch to|ask (?:your (?:doctor|pharmacist) )?(?:for|about)"
          r"|look for|let|start|drink|take|use|apply|experience|treat yourself to|give")
_STRONG = words("buy order shop purchase download install subscribe join book claim")
# A body unit with none of these (and no product named) is not read for imperatives.
_IMPERATIVE_WORDS = (*sorted(_STRONG), "app")
_CLAUSE_START = Lazy(
    r"(?:^|[.!?:;]\s+|\s-\s|,\s+(?:or|and|then|so)\s+|\s(?:and|then|so|just|simply)\s+"
    r"|^(?:if|when|whenever|next time|so next time)\b[^,.;]{0,80},\s+"
    r"|why not\s+|(?-i:(?<=[\s!?])(?=[A-Z])))"
    r"[\"'(*\s]*(?P<verb>" + _VERBS + r")\b", re.IGNORECASE)
_IDIOM = Lazy(r"\s(?:it |one |yours |them )?(?:now|today|here|online)\b", re.IGNORECASE)
_PRICE = Lazy(r"(?:[$\u00a3\u20ac\u20b9]|\bRs\.?\s?|\bINR\s?|\bUSD\s?)\d[\d,]*(?:\.\d{1,2})?"
                    r"(?:\s?(?:USD|dollars))?")
# A price given as an estimate is what something costs, not an offer: a seller names its own
# price exactly ("which sells the gummies for about $29.99 a month", "roughly £12 a tub").
_APPROXIMATE = Lazy(r"\b(?:about|around|roughly|approximately|approx\.?|nearly|almost"
                    r"|typically|usually|an average of|on average)\s+$", re.IGNORECASE)
# Words before a price that make it an offer. The weak ones ("at $35", "from $0", "starting
# at $4", "prices from $12") also state what something costs in plain information: they
# count only when the sentence names a product, on a shop's page, or in site chrome.
_PRICE_CUE = Lazy(r"\b(?:(?:for|at|from|now)\s+(?:only|just)|(?:only|just) pay|only|just|now"
                  r"|was|sale|save|deal|(?:our |sale |rrp )?price:|rrp:?|total:"
                  r"|get (?:it|yours|one) for"
                  r"|\d+\s+[\w-]+\s+for"
                  r"|(?P<weak>(?:prices?\s+(?:start(?:s|ing)?\s+)?)?"
                  r"(?:for|from|at|starting at)))\s+$",
                  re.IGNORECASE)
# What every _PRICE match starts with (as written: _PRICE is case-sensitive).
_PRICE_SIGNS = ("$", "\u00a3", "\u20ac", "\u20b9", "Rs", "INR", "USD")
_SENTENCE_END = ".!?"  # a line ending in none of these is a row or a label, not a sentence
# A row of navigation links ("Shop  Magnesium  Sleep  Joints", "Shop | Blog | About"): its
# first word is a menu item, not an order to the reader.
_NAV_ROW = Lazy(LINK_ROW + r"|\S\s{2,}\S")
# What every match of _NAV_ROW holds: a separator, or two white-space characters in a row.
# Most sentences have neither, found in C, where the row pattern is tried at every character.
_TWO_SPACES = re.compile(r"\s\s")


def _nav_row(text: str) -> bool:
    """Whether ``text`` is a row of links or menu items (``_NAV_ROW``)."""
    if "|" not in text and "\u00b7" not in text and "\u203a" not in text and \
            _TWO_SPACES.search(text) is None:
        return False
    return bool(_NAV_ROW.search(text))


_LINK_WORDS = 6  # a line this short is a button, a link or a price tag
_CELL_BEFORE = Lazy(r"(?:\s{2,}|\s[|\u00b7]\s)$")  # a price in a cell of a product row
# Phrases that are offers on a shop's page but plain words elsewhere: they need a product
# named in the article or a shop's chrome ("vaccines while supplies last" is a clinic's).
_COMMERCIAL_ONLY = Lazy(r"while (?:supplies|stocks?) last|" + _STOCKISTS + "|" + _DIRECT + "|"
                        + _REVIEW_LINK + "|" + _BOOKING + "|" + _SHOP_FAST + "|" + _BUTTON
                        + "|" + _SHIPS_FREE + "|" + _SHOP_LINK + "|" + _BROWSE + "|"
                        + _SELLER_STEPS,
                        re.IGNORECASE)
_SHOP_LINK_CLAUSE = Lazy(_SHOP_LINK, re.IGNORECASE)
# ... and one that needs a shop's page: "available at <Retailer>" alone is where a news
# story says a vaccine or a test can be had.
_SHOP_ONLY = Lazy(_STOCKISTS_AT, re.IGNORECASE)
_BARE_PRICE_LINK = Lazy(r"(?:check|see|view|compare) (?:the )?(?:latest |current |today's )?"
                        r"prices?$", re.IGNORECASE)
_APP_OBJECT = Lazy(r"\s+(?P<det>the|our)\s+(?:[\w-]+\s+)?app\b", re.IGNORECASE)
_GET_STARTED = Lazy(r"^get started\b", re.IGNORECASE)
_OBJECT_WORDS = 4  # "Book your free hearing test today": the words between verb and "today"
# A seller's start-today prompt: "Start your 30-day challenge today", "Claim your discount now".
_YOUR_TODAY = Lazy(r"(?<![\w-])(?:start|begin|claim|book|reserve)\s+your(?:\s+[\w-]+){1,3}\s+"
                   r"(?:today|now)\b", re.IGNORECASE)
# A shop button or link: "Shop Cloudnest", "Buy the Pulsar Mini 2".
_SHOP_BUTTON = Lazy(r"^[\s*\[]*(?:shop|buy)\s+(?:the\s+)?(?-i:[A-Z])[\w&'.-]*"
                    r"(?:\s+(?-i:[A-Z0-9])[\w&'.-]*){0,3}\s*[\]*.!>\u203a\u2192]*\s*$",
                    re.IGNORECASE)


@dataclass(frozen=True)
class CtaHit:
    unit: Unit
    a: int
    b: int
    kind: str
    product: str = ""  # the product it calls for, as written
    key: str = ""  # that product's key (see products.Product)


@cache
def _phrases() -> list[tuple[Lazy, str, frozenset[str]]]:
    return [(Lazy(rf"(?<![\w-]){p}(?![\w-])", re.IGNORECASE), kind, frozenset(keys))
            for p, kind, keys in _PHRASES]


@cache
def _prefilter_words() -> tuple[str, ...]:
    """Every word the prefilters below look for, each once."""
    phrase_words = (key for _, _, keys in _PHRASES for key in keys)
    return tuple(dict.fromkeys((*phrase_words, *_IMPERATIVE_WORDS)))


@dataclass(frozen=True)
class _Prefilter:
    """The prefilter words the article contains, and the phrases they can start.

    A unit can only contain words its article contains: each unit looks for these few,
    once, rather than for every phrase's words (this runs for every unit).
    """

    words: tuple[str, ...]
    phrases: list[tuple[Lazy, str, frozenset[str]]]
    shop: bool = False  # the page is a shop's (seller.is_shop)
    sells: bool = False  # the page is judged from its words to sell a category (sold)
    independent: bool = False  # the page says it takes no money from what it names

    @classmethod
    def of(cls, doc: PromoDoc) -> _Prefilter:
        from checks.detectors.promotion.seller import is_shop

        low = doc.lower
        found = tuple(w for w in _prefilter_words() if w in low)
        shop, sells = is_shop(doc), sold.of(doc).sells
        return cls(found, [p for p in _phrases() if not p[2].isdisjoint(found)], shop, sells,
                   not (shop or sells) and INDEPENDENT.search(doc.text) is not None)

    def in_unit(self, low: str) -> set[str]:
        """The prefilter words in a unit's lower-cased text."""
        return {w for w in self.words if w in low}


# What a publisher's site offers to read, not to buy: "The full list of quotes is available
# on our website", "The survey's results are available from our site".
_INFORMATION_AVAILABLE = Lazy(
    r"\b(?:list|lists|quotes?|reports?|results?|details|data|figures|findings|survey|tables?"
    r"|guides?|transcripts?|story|information|methodology|rankings?|study|studies|papers?"
    r"|recordings?|videos?|podcasts?|episodes?|articles?|interviews?|minutes|agenda)"
    r"(?:\s+[\w'-]+){0,3}\s+(?:is|are)\s+(?:now\s+|also\s+)?$", re.IGNORECASE)


def _stands(m: re.Match[str], kind: str, *, commercial: bool, short: bool,
            shop: bool = False, menu: bool = False) -> bool:
    """Whether a phrase match is a call to action where it stands."""
    if not commercial and _COMMERCIAL_ONLY.fullmatch(m.group()):
        return False
    if m.group()[:9].lower() == "available" and _INFORMATION_AVAILABLE.search(
            m.string, max(0, m.start() - 80), m.start()):
        return False
    if not shop and _SHOP_ONLY.fullmatch(m.group()):
        return False
    if (short or menu) and _SHOP_LINK_CLAUSE.fullmatch(m.group()):
        return False  # a line of its own (a button, _SHOP_BUTTON's to judge) or a menu
    # "Compare prices" alone is advice unless it is a button or link ("Check price").
    return not (_BARE_PRICE_LINK.fullmatch(m.group()) and not (short and commercial))


def _object(mentions: list[Mention], b: int, unit: Unit, words: int = 7) -> Mention | None:
    """An explicit product mention within a few words after a verb ending at ``b``."""
    text = unit.norm
    for mention in mentions:
        if not mention.explicit or mention.a < b:
            continue
        between = text[b:mention.a]
        if re.search(r"[.;!?]", between):
            continue
        if len(between.split()) <= words:
            return mention
    return None


def _own(unit: Unit, a: int, b: int) -> bool:
    return why_not_own(unit.norm, a, b, quoted=unit.in_quotes(a, b)) is None


def unit_hits(unit: Unit, products: ProductIndex, has_products: bool,
              prefilter: _Prefilter) -> list[CtaHit]:
    text = unit.norm
    hits: list[CtaHit] = []
    mentions = products.in_unit(unit)
    if unit.where == BOILERPLATE and _APP_BADGE.fullmatch(text.strip(" .")):
        return [CtaHit(unit, 0, len(text), "an app-store badge")]
    words = prefilter.in_unit(text.lower())
    commercial = has_products or prefilter.shop or prefilter.sells
    short = len(text.split()) <= _LINK_WORDS
    menu = _nav_row(text)
    for pattern, kind, keys in prefilter.phrases if words else ():
        if not words.isdisjoint(keys):
            hits.extend(CtaHit(unit, m.start(), m.end(), kind) for m in pattern.finditer(text)
                        if _stands(m, kind, commercial=commercial, short=short,
                                   shop=prefilter.shop, menu=menu))
    imperative = (any(m.explicit for m in mentions) or unit.where == BOILERPLATE
                  or not words.isdisjoint(_IMPERATIVE_WORDS))
    for m in (_CLAUSE_START.finditer(text) if imperative else ()):
        verb = m.group("verb")
        va, vb = m.start("verb"), m.end("verb")
        if verb[:1].isupper() and va and text[:va].rstrip().endswith(","):
            continue  # a name in a list ("American Express, Discover and ..."), not an order
        target = _object(mentions, vb, unit)
        if target is not None:
            tail = _IDIOM.match(text, target.b)
            hits.append(CtaHit(unit, va, tail.end() if tail else target.b,
                               f"a call to {verb.lower()} a named product",
                               target.text.strip(), target.product.key))
            continue
        first = verb.split()[0].lower()
        idiom = _IDIOM.match(text, vb) or next(
            (m for n in range(1, _OBJECT_WORDS + 1)
             if (m := _IDIOM.match(text, _next_words_end(text, vb, n)))), None)
        if first in _STRONG and idiom:
            hits.append(CtaHit(unit, va, idiom.end(), "a buy-now prompt"))
        elif (unit.where == BOILERPLATE and first in _STRONG and va <= 2
              and text[vb:].strip(" .!") and not _nav_row(text)):
            hits.append(CtaHit(unit, va, _next_words_end(text, vb, 2), "a site call to action"))
        elif first in ("get", "download", "install", "try"):
            # "our app" is the publisher's; "the X app" counts in site chrome only (a public
            # service's app in the body, "download the NHS App", is advice, not advertising).
            app = _APP_OBJECT.match(text, vb)
            if app is not None and (app.group("det").lower() == "our"
                                    or unit.where == BOILERPLATE):
                hits.append(CtaHit(unit, va, app.end(), "an app download prompt"))
    if commercial:
        hits.extend(CtaHit(unit, m.start(), m.end(), "a buy-now prompt")
                    for m in _YOUR_TODAY.finditer(text))
        button = _SHOP_BUTTON.match(text)
        if button is not None and not _nav_row(text):
            hits.append(CtaHit(unit, 0, len(text.rstrip()), "a shop button"))
    if has_products and unit.is_heading and _GET_STARTED.match(text.strip()):
        hits.append(CtaHit(unit, 0, len("get started"), "a sign-up prompt"))
    for mention in mentions:
        if not mention.explicit:
            continue
        m = re.match(r"\s+(?:is|are)\s+(?:now\s+)?available\s+(?:now\s+)?(?:at|on|from|in)\s+",
                     text[mention.b:])
        if m is not None:
            hits.append(CtaHit(unit, mention.a, mention.b + m.end() + 1, "an availability "
                               "notice", mention.text.strip(), mention.product.key))
        before = text[:mention.a]
        m2 = re.search(r"\b(?:you can|you'll|you will)\s+(?:now\s+)?(?:buy|order|get|find|pick up"
                       r"|purchase|grab)\s+(?:[\w-]+\s+){0,2}$", before, re.IGNORECASE)
        if m2 is not None:
            hits.append(CtaHit(unit, m2.start(), mention.b, "a where-to-buy prompt",
                               mention.text.strip(), mention.product.key))
    if not unit.cited and any(sign in text for sign in _PRICE_SIGNS):
        prices = list(_PRICE.finditer(text))
        in_cell = unit.view.block.kind is BlockKind.TABLE_CELL
        # A product named beside its prices is an offer, unless the line is a row of a price
        # comparison (two prices or more and no sentence: "X Fish Oil$20.00$0.25"), which
        # compares what the products cost, as a buyers' guide does.
        named = any(x.explicit for x in mentions) and not (
            len(prices) >= 2 and text.rstrip()[-1:] not in _SENTENCE_END)
        for m in prices:
            if not m.group().strip("$\u00a3\u20ac\u20b9RsINUSD. ").strip("0.,"):
                continue  # "$0.00" in a cart, "at $0": nothing is being sold
            if _APPROXIMATE.search(text, max(0, m.start() - 16), m.start()):
                continue
            # a price tag: "$12.49", "£9.50 / 60 caps"; in a table's cell, only on a page that
            # sells (a cost guide's "£12 for 300 g" compares what things cost)
            tag = not text[:m.start()].strip(" *(") and (
                not in_cell or prefilter.shop or prefilter.sells)
            # or a price cell of a shop's product row ("Bath Soak – 1 kg   £9.50   Add")
            tag = tag or bool((prefilter.shop or unit.where == BOILERPLATE)
                              and _CELL_BEFORE.search(text, max(0, m.start() - 4), m.start()))
            cue = _PRICE_CUE.search(text[max(0, m.start() - 30):m.start()])
            if cue and cue.group("weak") and not (named or prefilter.shop
                                                  or unit.where == BOILERPLATE):
                cue = None  # "at $35 a month", "starting at $0": what a service costs
            if named and not (tag or cue) and prefilter.independent:
                continue  # "We bought X (£38 for 28 servings)" on a page that sells nothing
            if tag or cue or named:
                a = m.start()
                if cue:
                    a = max(0, m.start() - 30) + cue.start()
                hits.append(CtaHit(unit, a, m.end(), "a price"))
    return [h for h in _merge(hits) if _own(unit, h.a, h.b)]


def _next_words_end(text: str, at: int, n: int) -> int:
    m = re.match(r"(?:\s+[\w'%$.-]+){1," + str(n) + "}", text[at:])
    return at + m.end() if m else at


def _merge(hits: list[CtaHit]) -> list[CtaHit]:
    """Overlapping hits become one (the earliest, widened to cover the others), and so do
    hits of one kind separated only by spaces or punctuation (a row of payment logos)."""
    out: list[CtaHit] = []
    for hit in sorted(hits, key=lambda h: (h.a, -h.b)):
        gap = hit.unit.norm[out[-1].b:hit.a] if out else "x"
        if out and (hit.a < out[-1].b or (hit.kind == out[-1].kind and not gap.strip(" ,.|·-"))):
            last = out[-1]
            if hit.b > last.b or (hit.key and not last.key):
                # widened, or told which product it calls for ("Buy the X on Amazon")
                out[-1] = CtaHit(last.unit, last.a, max(last.b, hit.b), last.kind,
                                 last.product or hit.product, last.key or hit.key)
            continue
        out.append(hit)
    return out


# Sellers' soft calls, read on a page judged to sell a category (``sold``): an imperative
# whose object is the category ("Try CBD tinctures", "Stock your cupboard with magnesium",
# "Make vitamin D part of your routine"), an invitation to see for yourself, a shop's site.
_SOLD_VERBS = Lazy(
    r"(?:^|[.!?:;]\s+|,\s+(?:and|then|so)\s+|\s(?:and|then|so|just|simply)\s+)[\"'(*\s]*"
    r"(?P<verb>try|discover|stock\s+up(?:\s+on)?|stock|make|pick\s+up|reach\s+for|give|add|stir"
    r"|grab|order|buy|shop|get|start|experience|treat\s+yourself\s+to|switch\s+to|choose)\b",
    re.IGNORECASE)
_SOLD_OBJECT_WORDS = 6



def _sold_hits(unit: Unit, page: sold.Sold) -> list[CtaHit]:
    """A seller's soft call on a page that sells a category (see ``_SOLD_VERBS``)."""
    text = unit.norm
    hits: list[CtaHit] = []
    names = page.names(text)
    for m in _SOLD_VERBS.finditer(text):
        vb = m.end("verb")
        for a, b in names:
            if a >= vb and len(text[vb:a].split()) <= _SOLD_OBJECT_WORDS and not re.search(
                    r"[.;!?]", text[vb:a]):
                end = _next_words_end(text, b, 3) if re.match(r"\s+\w", text[b:]) else b
                hits.append(CtaHit(unit, m.start("verb"), min(end, len(text)),
                                   f"a call to {m.group('verb').lower()} what the page sells"))
                break
    hits.extend(CtaHit(unit, m.start("verb"), m.end(), "a try-it-yourself prompt")
                for m in sold.YOURSELF.finditer(text))
    hits.extend(CtaHit(unit, m.start("verb"), m.end(), "a call to try a supplement as sold")
                for m in sold.FORM_CALL.finditer(text))
    hits.extend(CtaHit(unit, m.start(), m.end(), "a shop's site")
                for m in sold.VISIT.finditer(text))
    return hits


@per_document("cta")
def find(doc: PromoDoc, products: ProductIndex) -> list[CtaHit]:
    has_products = any(p.origin == "text" for p in products.products) or bool(
        products.mentions)
    found: list[CtaHit] = []
    prefilter = _Prefilter.of(doc)
    page = sold.of(doc)
    for unit in doc.units:
        if unit.view.quoted:
            continue
        hits = unit_hits(unit, products, has_products, prefilter)
        extra: list[CtaHit] = []
        if page.sells and unit.where != BOILERPLATE and not unit.cited:
            extra = _sold_hits(unit, page)
        elif unit.where != BOILERPLATE and not unit.cited:
            extra = [CtaHit(unit, m.start("verb"), m.end(), "a call to try a supplement as sold")
                     for m in sold.FORM_CALL.finditer(unit.norm)]
        if unit.where != BOILERPLATE and not unit.cited:
            extra += [CtaHit(unit, m.start(), m.end(), "a link to the seller's goods")
                      for m in sold.HERE_LINK.finditer(unit.norm)]
        extra = [h for h in extra if _own(unit, h.a, h.b)]
        found.extend(_merge([*hits, *extra]) if extra else hits)
    return found
