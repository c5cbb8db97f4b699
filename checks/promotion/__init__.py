"""Promotion detection: rule packs, product and brand detection, context, pitch scoring.

The HL3xx checks in ``checks/builtin/promotion.py`` are thin wrappers around this
package; everything here works on a :class:`~checks.promotion.document.PromoDoc`
built once per article and shared through ``ctx.memo``.
"""
