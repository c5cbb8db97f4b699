"""Settings: configuration files and flags (``config``), the editorial policy (``policy``),
and the errors and value parsers both share (``errors``, a leaf).
"""
