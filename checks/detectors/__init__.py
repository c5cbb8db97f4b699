"""Detectors the rules share: promotion (products, pitches, calls to action, rule packs),
disclaimers and disclosures, dates, the front-matter schema.

Detectors find things in an ``Article`` and never report: the rules in ``checks.rules``
turn what they find into diagnostics.
"""
