"""The built-in checks, one module per family; each module opens with what its family catches.

HL1xx ``citations``, HL2xx ``references``, HL3xx ``promotion``, HL4xx ``disclosure``,
HL5xx ``provenance``, HL9xx ``core``. A rule here only judges: the detectors it shares
with other rules live in ``checks.detectors``. Each module is named by an entry point in
``pyproject.toml`` (``healthlint.checks``), which is how the registry finds it.
"""
