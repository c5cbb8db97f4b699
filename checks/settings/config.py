"""Configuration: ``[tool.healthlint]`` in pyproject.toml or ``healthlint.yaml``.

The configuration file nearest to a linted file wins (no merging, as in ruff);
``--config`` names one file for every path. Every key is validated: an unknown
key or a bad value is a :class:`ConfigError` naming the file, the key and what
was expected, which the CLI turns into exit code 2.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from checks.settings.errors import ConfigError, parse_bool, parse_size, parse_string

MAX_CONFIG_BYTES = 4 * 1024 * 1024  # the largest pyproject.toml seen is far smaller
CONFIG_NAMES = ("healthlint.yaml", "healthlint.yml", ".healthlint.yaml", "pyproject.toml")
SEVERITIES = ("error", "warning", "info")


@dataclass
class Settings:
    """Resolved settings for one file. Field names are the config keys with ``-`` as ``_``."""

    select: list[str] = field(default_factory=lambda: ["HL"])
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str = "error"
    exclude: list[str] = field(default_factory=list)
    extend_exclude: list[str] = field(default_factory=list)
    max_file_size: int = 5 * 1024 * 1024
    file_timeout: float = 60.0  # seconds per file; 0: no limit
    preview: bool = False
    resolve: bool = False
    inline_config: bool = True
    rule_packs: list[str] = field(default_factory=list)
    checks: dict[str, dict[str, Any]] = field(default_factory=dict)
    resolver: dict[str, Any] = field(default_factory=dict)
    policy: dict[str, Any] = field(default_factory=dict)
    brands: list[str] = field(default_factory=list)
    publisher: str = ""
    today: str = field(default_factory=lambda: reproducible_today())
    source: str = "defaults"  # the file these settings came from
    root: str = "."  # directory of that file: globs and relative paths are relative to it
    path: str = ""  # the configuration file itself, to point problems at a line

    def key_items(self) -> dict[str, Any]:
        return {
            f.name.replace("_", "-"): getattr(self, f.name)
            for f in fields(self)
            if f.name not in ("source", "root", "path")
        }


def reproducible_today() -> str:
    """The date of ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) as YYYY-MM-DD,
    or '' for the real today: with it set, staleness findings do not change from one day to
    the next, so a CI log or a documented output can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return ""
    import datetime as dt

    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()


def _str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _validator(kind: str) -> Callable[[Any], Any]:
    def str_list(v: Any) -> list[str]:
        if _str_list(v):
            return list(v)
        raise ValueError("a list of strings")

    def table(v: Any) -> dict[str, Any]:
        if isinstance(v, Mapping):
            return dict(v)
        raise ValueError("a table/mapping")

    def list_table(v: Any) -> dict[str, list[str]]:
        if isinstance(v, Mapping) and all(_str_list(x) for x in v.values()):
            return {str(k): list(x) for k, x in v.items()}
        raise ValueError("a mapping from glob to a list of codes")

    def severity_table(v: Any) -> dict[str, str]:
        if isinstance(v, Mapping) and all(str(x).lower() in SEVERITIES for x in v.values()):
            return {str(k).upper(): str(x).lower() for k, x in v.items()}
        raise ValueError("a mapping from code to error, warning or info")

    def seconds(v: Any) -> float:
        if isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 86400:
            return float(v)
        raise ValueError("a number of seconds from 0 (no limit) to 86400")

    def level(v: Any) -> str:
        if isinstance(v, str) and v.lower() in SEVERITIES:
            return v.lower()
        raise ValueError("one of error, warning, info")

    return {
        "str_list": str_list,
        "bool": parse_bool,
        "str": parse_string,
        "table": table,
        "list_table": list_table,
        "severity_table": severity_table,
        "level": level,
        "size": parse_size,
        "seconds": seconds,
    }[kind]


_KEYS: dict[str, str] = {
    "select": "str_list",
    "extend-select": "str_list",
    "ignore": "str_list",
    "per-file-ignores": "list_table",
    "severity": "severity_table",
    "fail-on": "level",
    "exclude": "str_list",
    "extend-exclude": "str_list",
    "max-file-size": "size",
    "file-timeout": "seconds",
    "preview": "bool",
    "resolve": "bool",
    "inline-config": "bool",
    "rule-packs": "str_list",
    "checks": "table",
    "resolver": "table",
    "policy": "table",
    "brands": "str_list",
    "publisher": "str",
    "today": "str",
}

# Sections whose inner keys are validated by the component that owns them:
# name -> callable(mapping) raising ValueError("key: expected ...").
SECTION_VALIDATORS: dict[str, Callable[[Mapping[str, Any]], None]] = {}


def _validate_resolver(section: Mapping[str, Any]) -> None:
    from checks.resolve.settings import validate_section  # only when the table is present

    validate_section(section)


SECTION_VALIDATORS["resolver"] = _validate_resolver


def _validate_policy(section: Mapping[str, Any]) -> None:
    from checks.settings.policy import validate_policy  # only when the table is present

    validate_policy(section)


def _validate_today(value: Any) -> None:
    from checks.settings.policy import validate_today

    validate_today(value)


SECTION_VALIDATORS["policy"] = _validate_policy
SECTION_VALIDATORS["today"] = _validate_today


def shown(value: Any) -> str:
    """A value for an error message, cut short: a bad value may be megabytes long."""
    import reprlib

    brief = reprlib.Repr()
    brief.maxstring = brief.maxother = 60
    brief.maxlist = brief.maxtuple = brief.maxdict = brief.maxset = 6
    brief.maxlevel = 3
    text = brief.repr(value)
    return text if len(text) <= 200 else text[:197] + "..."


def _suggest(key: str, choices: list[str]) -> str:
    import difflib  # only for a configuration error

    close = difflib.get_close_matches(key, choices, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def line_of(path: str, key: str = "", value: str = "") -> int | None:
    """The line of a configuration file where ``value`` (a whole word), else ``key`` at the
    start of a line, first appears: enough to point an editor at the problem."""
    if not path:
        return None
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    import re

    patterns = []
    if value:
        patterns.append(re.compile(r"(?<![\w-])" + re.escape(value) + r"(?![\w-])", re.I))
    if key:
        spelled = "[-_]".join(re.escape(part) for part in key.split("-"))
        patterns.append(re.compile(r"^\s*[\"']?" + spelled + r"[\"']?\s*[=:]"))
    for pattern in patterns:
        for number, line in enumerate(lines, 1):
            if pattern.search(line):
                return number
    return None


def where(settings_or_path: Any, key: str = "", value: str = "") -> str:
    """``file:line`` (or the settings' source) for a configuration problem."""
    if isinstance(settings_or_path, Settings):
        path, source = settings_or_path.path, settings_or_path.source
    else:
        path = source = str(settings_or_path)
    line = line_of(path, key, value)
    return f"{path}:{line}" if line else source


def settings_from_mapping(raw: Mapping[str, Any], source: str, root: str,
                          path: str = "") -> Settings:
    """Validate a raw configuration mapping into Settings; every problem is reported at once."""
    settings = Settings(source=source, root=root, path=path)
    problems: list[str] = []
    for key, value in raw.items():
        norm = str(key).replace("_", "-")
        kind = _KEYS.get(norm)
        at = where(settings, norm) if path else source
        if kind is None:
            problems.append(
                f"{at}: unknown key {key!r}{_suggest(norm, sorted(_KEYS))} "
                f"(expected one of: {', '.join(sorted(_KEYS))})"
            )
            continue
        try:
            parsed = _validator(kind)(value)
            check_section = SECTION_VALIDATORS.get(norm)
            if check_section is not None:
                check_section(parsed)
        except ValueError as exc:
            problems.append(f"{at}: key {key!r}: expected {exc}, got {shown(value)}")
            continue
        setattr(settings, norm.replace("-", "_"), parsed)
    if problems:
        raise ConfigError(problems)
    return settings


def load_file(path: str | os.PathLike[str]) -> Settings | None:
    """Settings from one config file; ``None`` for a pyproject.toml without the table."""
    path = Path(path)
    root = str(path.resolve().parent)
    from claims.read import UnreadableFile, read_bytes

    try:  # a regular file of sane size: a FIFO or a gigabyte must not stall start-up
        raw_text = read_bytes(str(path), MAX_CONFIG_BYTES).decode("utf-8")
    except UnreadableFile as exc:
        why = (f"over {MAX_CONFIG_BYTES:,} bytes, too large for a configuration file"
               if exc.code == "HL903" else exc.message)
        raise ConfigError(f"{path}: cannot read configuration: {why}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None
    if path.name == "pyproject.toml" or path.suffix == ".toml":
        import tomllib

        try:
            doc = tomllib.loads(raw_text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
        table = doc.get("tool", {}).get("healthlint")
        if table is None:
            if path.name == "pyproject.toml":
                return None
            table = doc
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.healthlint] must be a table")
        return settings_from_mapping(table, f"{path} [tool.healthlint]", root, str(path))
    from claims.yaml_limits import YamlProblem, load_explained

    try:
        doc = load_explained(raw_text)
    except YamlProblem as exc:
        raise ConfigError(f"{path}: {exc}") from None
    if doc is None:
        doc = {}
    if not isinstance(doc, dict):
        raise ConfigError(f"{path}: expected a mapping of settings at the top level")
    return settings_from_mapping(doc, str(path), root, str(path))


class ConfigResolver:
    """Finds the settings for each linted file: ``--config``, else the nearest config file."""

    def __init__(self, explicit: str | None = None,
                 overrides: Mapping[str, Any] | None = None) -> None:
        self._explicit = explicit
        self._overrides = dict(overrides or {})
        self._by_dir: dict[str, Settings] = {}
        self._explicit_settings: Settings | None = None
        if explicit is not None:
            if not os.path.isfile(explicit):
                raise ConfigError(f"{explicit}: configuration file not found")
            loaded = load_file(explicit)
            if loaded is None:
                raise ConfigError(f"{explicit}: has no [tool.healthlint] table")
            self._explicit_settings = self._apply(loaded)

    def _apply(self, settings: Settings) -> Settings:
        for key, value in self._overrides.items():
            if key == "extend_select":
                settings.extend_select = [*settings.extend_select, *value]
            elif key == "extend_ignore":
                settings.ignore = [*settings.ignore, *value]
            elif key == "extend_exclude":
                settings.extend_exclude = [*settings.extend_exclude, *value]
            else:
                setattr(settings, key, value)
        return settings

    def for_path(self, path: str) -> Settings:
        if self._explicit_settings is not None:
            return self._explicit_settings
        directory = os.path.dirname(os.path.abspath(path))
        return self.for_directory(directory)

    def for_directory(self, directory: str) -> Settings:
        cached = self._by_dir.get(directory)
        if cached is not None:
            return cached
        settings: Settings | None = None
        for name in CONFIG_NAMES:
            candidate = os.path.join(directory, name)
            if os.path.isfile(candidate):
                settings = load_file(candidate)
                if settings is not None:
                    settings = self._apply(settings)
                    break
        if settings is None:
            parent = os.path.dirname(directory)
            if parent and parent != directory:
                settings = self.for_directory(parent)
            else:
                settings = self._apply(Settings(root=os.getcwd()))
        self._by_dir[directory] = settings
        return settings


def _expected(option: Any) -> str:
    """What a declared option accepts, in words, for a ConfigError."""
    choices = option.describe_choices()
    if choices and isinstance(option.default, list):
        return f"a list of values from: {choices}"
    if choices:
        return f"one of {choices}"
    return f"{type(option.default).__name__} like {option.default!r}"


def validate_check_options(settings: Settings, registry: Any) -> dict[str, dict[str, Any]]:
    """Resolve ``checks`` options against each check's declared options, by code or name.

    Every code the settings name (select, ignore, per-file-ignores, severity, checks) must
    be a registered code or a prefix of one: a typo in a CI gate must fail, not pass
    everything. All problems are raised together."""
    problems = code_problems(settings, registry)
    resolved: dict[str, dict[str, Any]] = {}
    for key, options in settings.checks.items():
        check = registry.get(key)
        if check is None:
            continue  # reported by code_problems
        if not isinstance(options, Mapping):
            problems.append(f"{where(settings, key)}: checks.{key}: expected a table of options")
            continue
        for opt_name, value in options.items():
            norm = str(opt_name).replace("_", "-")
            declared = check.options.get(norm)
            if declared is None:
                problems.append(
                    f"{where(settings, norm)}: checks.{key}.{opt_name}: {check.code} has no "
                    f"such option{_suggest(norm, list(check.options))}"
                    f" (options: {', '.join(check.options) or 'none'})"
                )
            elif not declared.accepts(value):
                problems.append(
                    f"{where(settings, norm)}: checks.{key}.{opt_name}: expected "
                    f"{_expected(declared)}, got {shown(value)}"
                )
            else:
                resolved.setdefault(check.code, {})[norm] = value
    if problems:
        raise ConfigError(problems)
    return resolved


def code_problems(settings: Settings, registry: Any) -> list[str]:
    """One message per code in the settings that names no registered check or prefix."""
    from checks.engine.selection import unknown_code_message, unknown_codes

    known = registry.codes
    places: list[tuple[str, list[str]]] = [
        ("select", settings.select), ("extend-select", settings.extend_select),
        ("ignore", settings.ignore),
        *((f"per-file-ignores.{glob!r}", codes)
          for glob, codes in settings.per_file_ignores.items()),
        ("severity", list(settings.severity)),
    ]
    problems = []
    for place, codes in places:
        for code in unknown_codes(codes, known):
            problems.append(f"{where(settings, place.split('.')[0], code)}: {place}: "
                            f"{unknown_code_message(code, known)}")
    for key in settings.checks:
        if registry.get(key) is None:
            from checks.engine.selection import suggestion

            close = suggestion(str(key), known, prefixes=False) if str(key)[:2].isupper() \
                else ""
            hint = f"; did you mean {close}?" if close else \
                _suggest(str(key), [c.name for c in registry])
            problems.append(f"{where(settings, str(key), str(key))}: checks.{key}: "
                            f"no such check{hint}")
    return problems
