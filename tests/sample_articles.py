"""Article texts that several test modules lint, kept once so they cannot drift apart."""

from __future__ import annotations

# Uncited claims (HL101), a claim cited by a DOI reference, no disclaimer (HL401) and front
# matter with no author, reviewer or date (HL5xx): most families find something here.
MAGNESIUM_ARTICLE = """\
---
title: Magnesium and sleep
---

# Magnesium and sleep

Magnesium supplements cure insomnia in adults within two weeks.
Low magnesium levels raise the risk of high blood pressure by 10 mmHg.

Studies show vitamin C prevents colds [1].

## References

1. Smith J. Vitamin C and colds. doi:10.1000/xyz123.
"""

# A short page with full provenance (author, reviewer, date, content type) and no
# disclaimer: the one safe fix HL4xx has for it is appending the disclaimer.
SPRAINS_ARTICLE = """---
title: Cold compresses for sprains
author: "Jane Doe, RN"
medical_reviewer: "Ali Khan, MD"
published: 2026-03-02
content_type: article
---

# Cold compresses for sprains

A cold compress can be wrapped in a towel before it touches the skin.
"""
