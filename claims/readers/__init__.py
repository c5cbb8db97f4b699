"""One module per input format; each exposes ``parse(article) -> None``.

A reader fills ``article.blocks`` (in source order), ``front_matter``,
``comments`` and ``problems``. It never raises on bad input: what it cannot
read becomes a ReadProblem. ``projecting`` is not a reader: it holds the projection
helpers the HTML and Markdown readers share.
"""
