"""The one HTTP layer every resolver shares: guard, limits, retries, budget, cache.

Only loaded when resolution is on (``--resolve``); nothing here is imported on the
offline pre-commit path.
"""
