"""Promotion detection: rule packs, product and brand detection, context, pitch scoring.

The HL3xx checks in ``checks/rules/promotion.py`` are thin wrappers around this
package; everything here works on a :class:`~checks.detectors.promotion.document.PromoDoc`
built once per article and shared through ``ctx.memo``. Other checks read only the
public summary below: where the body promotes (:func:`signals`), never the internals.
"""

from checks.detectors.promotion.summary import PromotionSignal, signals

__all__ = ["PromotionSignal", "signals"]
