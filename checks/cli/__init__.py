"""The command line: ``main`` (``check``, ``claims``, ``rule``, ``inspect``), ``audit``, file
discovery, and start-up. The console script is ``checks.cli.main:main``.
"""
