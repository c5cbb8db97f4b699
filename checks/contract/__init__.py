"""The contract every check keeps: ``Check``, ``Diagnostic``, ``Severity``, ``CheckContext``
(``model``), and the registry that finds checks by entry point (``registry``).

Everything else in ``checks`` depends on this room; it depends only on ``claims`` and
``checks.settings``.
"""
