"""Running checks: on one article (``article``), on many files (``runner``), with selection,
inline suppressions, baselines and safe fixes.
"""
