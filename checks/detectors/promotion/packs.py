"""Rule packs: promotional-language rules kept as data, in the style of Vale.

A pack is a YAML file with a ``pack`` name, a ``description`` and a list of
``rules``. Each rule becomes a check of its own (its code is listed by
``healthlint rule`` and selected like any other), so an editor can silence one
phrase family without losing the rest. Rule types follow Vale:

- ``existence``: report every match of ``tokens`` (regular expressions).
- ``substitution``: ``swap`` maps a pattern to the wording to use instead.
- ``occurrence``: report a scope where ``tokens`` occur more than ``max`` times
  and more than ``density`` per 100 words (when set; the scope needs ``min-words``).
- ``conditional``: a ``first`` match needs a ``second`` match in the same scope;
  ``second: $citation`` means the sentence (or paragraph) must cite a source.

Every rule names the ``source`` it comes from and a ``message`` saying why the
wording matters. Users add or override packs with the ``rule-packs`` setting
(paths relative to the configuration file); a user rule with the code of a
built-in rule replaces it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checks.contract.model import Severity
from checks.detectors.promotion.lexicon import Lazy
from claims.required_words import Clauses, clauses

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "rulepacks"
PACK_SUFFIXES = (".yaml", ".yml")
TYPES = ("existence", "substitution", "occurrence", "conditional")
SCOPES = ("sentence", "paragraph", "document")
CITATION = "$citation"
_CODE = Lazy(r"^[A-Z]{2,}[0-9]{3}$")
_NAME = Lazy(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_LEVELS = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO,
           "suggestion": Severity.INFO}

# Keys a rule may carry, with the kind of value each takes.
_RULE_KEYS: dict[str, str] = {
    "code": "str", "name": "str", "extends": "str", "message": "str", "level": "str",
    "source": "str_or_list", "summary": "str", "why": "str", "link": "str",
    "tokens": "list", "exceptions": "list", "swap": "map", "max": "int",
    "density": "number", "min-words": "int", "first": "list", "second": "list_or_str",
    "scope": "str", "ignorecase": "bool", "headings": "bool", "boilerplate": "bool",
    "quotes": "bool", "context": "bool", "content-types": "list", "limit": "int",
    "names": "bool",
}
_PACK_KEYS = ("pack", "description", "version", "rules")


class PackError(ValueError):
    """A rule pack is malformed; the message names the file, the rule and the key."""


@dataclass(frozen=True)
class Rule:
    """One rule of a pack, validated and ready to compile."""

    code: str
    name: str
    extends: str
    message: str
    level: Severity
    source: str
    summary: str
    why: str
    pack: str
    path: str
    link: str = ""
    tokens: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    swap: tuple[tuple[str, str], ...] = ()
    max: int = 0
    density: float = 0.0
    min_words: int = 0
    first: tuple[str, ...] = ()
    second: tuple[str, ...] = ()
    scope: str = "sentence"
    ignorecase: bool = True
    headings: bool = True
    boilerplate: bool = True
    quotes: bool = False  # also match inside quotation marks
    context: bool = True  # skip matches that are negated, reported or debunked
    content_types: tuple[str, ...] = ()
    limit: int = 0  # report at most this many matches per article (0: no limit)
    # also match a capitalised word inside a product's name ("Magnesium Breakthrough"):
    # right for a claim a name makes ("Detox Tea"), wrong for a sensational adjective
    names: bool = True
    # For each searched pattern (tokens, swap keys or first), the words a match must
    # contain (see prefilter_of): patterns whose words are absent from an article are
    # neither compiled nor run.
    prefilter: tuple[Clauses, ...] = ()


@dataclass
class Pack:
    name: str
    path: str
    description: str = ""
    rules: list[Rule] = field(default_factory=list)


def _where(path: str, index: int | None, key: str | None = None) -> str:
    out = path
    if index is not None:
        out += f": rule {index + 1}"
    if key is not None:
        out += f": {key}"
    return out


def _check_value(kind: str, value: Any) -> bool:
    if kind == "str":
        return isinstance(value, str)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0
    if kind == "list":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == "str_or_list":
        return isinstance(value, str) or _check_value("list", value)
    if kind == "list_or_str":
        return isinstance(value, str) or _check_value("list", value)
    if kind == "map":
        return isinstance(value, dict) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items())
    return False


_KIND_HELP = {"str": "a string", "bool": "true or false", "int": "a whole number >= 0",
              "number": "a number >= 0", "list": "a list of strings",
              "str_or_list": "a string or a list of strings",
              "list_or_str": "a string or a list of strings",
              "map": "a mapping of pattern to replacement"}


_SPACE = Lazy(r"(?<!\\) +(?![?*+{])")


def token_regex(pattern: str) -> str:
    """A token as matched: a literal space stands for any run of whitespace (Vale-style);
    a space with a quantifier ("wonder ?berry") keeps its regular-expression meaning."""
    return _SPACE.sub(r"\\s+", pattern)


def _compile_check(patterns: tuple[str, ...], where: str) -> None:
    for pattern in patterns:
        if pattern == CITATION:
            continue
        try:
            re.compile(token_regex(pattern))
        except re.error as exc:
            raise PackError(f"{where}: invalid regular expression {pattern!r}: {exc}") from None


def _rule(raw: Any, pack: str, path: str, index: int) -> Rule:
    if not isinstance(raw, dict):
        raise PackError(f"{_where(path, index)}: expected a mapping of rule keys")
    for key, value in raw.items():
        kind = _RULE_KEYS.get(str(key))
        if kind is None:
            import difflib  # only for a pack error

            close = difflib.get_close_matches(str(key), list(_RULE_KEYS), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise PackError(f"{_where(path, index)}: unknown key {key!r}{hint}")
        if not _check_value(kind, value):
            raise PackError(
                f"{_where(path, index, str(key))}: expected {_KIND_HELP[kind]}, got {value!r}")
    for key in ("code", "name", "extends", "message", "source"):
        if key not in raw:
            raise PackError(f"{_where(path, index)}: missing required key {key!r}")
    code, name, extends = raw["code"], raw["name"], raw["extends"]
    if not _CODE.match(code):
        raise PackError(f"{_where(path, index, 'code')}: {code!r} is not a code like HL310")
    if not _NAME.match(name):
        raise PackError(f"{_where(path, index, 'name')}: {name!r} is not kebab-case")
    if extends not in TYPES:
        raise PackError(f"{_where(path, index, 'extends')}: expected one of "
                        f"{', '.join(TYPES)}, got {extends!r}")
    level_name = str(raw.get("level", "warning")).lower()
    if level_name not in _LEVELS:
        raise PackError(f"{_where(path, index, 'level')}: expected error, warning, info "
                        f"or suggestion, got {raw.get('level')!r}")
    scope = raw.get("scope", "sentence")
    if scope not in SCOPES:
        raise PackError(f"{_where(path, index, 'scope')}: expected one of "
                        f"{', '.join(SCOPES)}, got {scope!r}")
    source = raw["source"]
    source = "; ".join(source) if isinstance(source, list) else source
    tokens = tuple(raw.get("tokens", ()))
    swap = tuple((str(k), str(v)) for k, v in (raw.get("swap") or {}).items())
    first = tuple(raw.get("first", ()))
    second_raw = raw.get("second", ())
    second = (second_raw,) if isinstance(second_raw, str) else tuple(second_raw)
    needed = {"existence": ("tokens", tokens), "occurrence": ("tokens", tokens),
              "substitution": ("swap", swap), "conditional": ("first", first)}[extends]
    if not needed[1]:
        raise PackError(f"{_where(path, index)}: a {extends} rule needs {needed[0]!r}")
    if extends == "conditional" and not second:
        raise PackError(f"{_where(path, index)}: a conditional rule needs 'second'")
    if extends == "occurrence" and not raw.get("max") and not raw.get("density"):
        raise PackError(f"{_where(path, index)}: an occurrence rule needs 'max' or 'density'")
    where = _where(path, index)
    _compile_check(tokens, where)
    _compile_check(tuple(raw.get("exceptions", ())), where)
    _compile_check(tuple(k for k, _ in swap), where)
    _compile_check(first + second, where)
    message = raw["message"]
    summary = raw.get("summary") or message.split(":")[0].replace("%s", "…").strip()
    searched = {"existence": tokens, "occurrence": tokens, "conditional": first,
                "substitution": tuple(k for k, _ in swap)}[extends]
    return Rule(
        code=code, name=name, extends=extends, message=message, level=_LEVELS[level_name],
        source=source, summary=summary, why=raw.get("why", ""), pack=pack, path=path,
        link=raw.get("link", ""), tokens=tokens, exceptions=tuple(raw.get("exceptions", ())),
        swap=swap, max=int(raw.get("max", 0)), density=float(raw.get("density", 0.0)),
        min_words=int(raw.get("min-words", 0)), first=first, second=second, scope=scope,
        ignorecase=bool(raw.get("ignorecase", True)), headings=bool(raw.get("headings", True)),
        boilerplate=bool(raw.get("boilerplate", True)), quotes=bool(raw.get("quotes", False)),
        context=bool(raw.get("context", True)),
        content_types=tuple(t.lower() for t in raw.get("content-types", ())),
        limit=int(raw.get("limit", 0)), names=bool(raw.get("names", True)),
        prefilter=prefilter_of(searched),
    )


def parse_pack(text: str, path: str) -> Pack:
    """Validate one pack's YAML text."""
    from claims.yaml_limits import YamlProblem, load_explained

    try:
        doc = load_explained(text)
    except YamlProblem as exc:
        raise PackError(f"{path}: {exc}") from None
    if not isinstance(doc, dict):
        raise PackError(f"{path}: expected a mapping with 'pack' and 'rules'")
    for key in doc:
        if key not in _PACK_KEYS:
            raise PackError(f"{path}: unknown key {key!r} (expected {', '.join(_PACK_KEYS)})")
    name = doc.get("pack") or Path(path).stem
    rules_raw = doc.get("rules")
    if not isinstance(rules_raw, list) or not rules_raw:
        raise PackError(f"{path}: 'rules' must be a non-empty list")
    pack = Pack(str(name), path, str(doc.get("description", "")).strip())
    seen: dict[str, int] = {}
    for index, raw in enumerate(rules_raw):
        rule = _rule(raw, pack.name, path, index)
        if rule.code in seen:
            raise PackError(f"{_where(path, index, 'code')}: {rule.code} is already used "
                            f"by rule {seen[rule.code] + 1} of this pack")
        seen[rule.code] = index
        pack.rules.append(rule)
    return pack


_CACHE: dict[str, tuple[float, Pack]] = {}


def load_pack(path: str | os.PathLike[str]) -> Pack:
    """Parse a pack file once per process (re-read if it changed on disk)."""
    key = os.path.abspath(path)
    try:
        mtime = os.path.getmtime(key)
        cached = _CACHE.get(key)
        if cached is not None and cached[0] == mtime:
            return cached[1]
        text = Path(key).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(f"{path}: cannot read rule pack: {exc}") from None
    pack = parse_pack(text, str(path))
    _CACHE[key] = (mtime, pack)
    return pack


def pack_files(path: str | os.PathLike[str]) -> list[Path]:
    """A pack file, or every ``.yaml``/``.yml`` file of a directory in name order."""
    p = Path(path)
    if p.is_dir():
        return sorted(f for f in p.iterdir() if f.suffix in PACK_SUFFIXES and f.is_file())
    if p.is_file():
        return [p]
    raise PackError(f"{path}: rule pack not found")


def prefilter_of(patterns: tuple[str, ...]) -> tuple[Clauses, ...]:
    """The clauses of each pattern (see ``Rule.prefilter``); () for a pattern without any."""
    out: list[Clauses] = []
    for pattern in patterns:
        try:
            found = clauses(token_regex(pattern)) if pattern != CITATION else ()
        except re.error:
            found = ()
        out.append(found)
    return tuple(out)


def live(patterns: tuple[str, ...], prefilter: tuple[Clauses, ...], text: str) -> tuple[str, ...]:
    """The patterns that may match a lower-cased ``text``: each clause has a word in it."""
    if not prefilter:
        return patterns
    has = _presence(text).__getitem__
    return tuple(p for p, clauses in zip(patterns, prefilter, strict=True)
                 if all(any(map(has, clause)) for clause in clauses))


class _Presence(dict[str, bool]):
    """Whether each word looked up is in ``text``: every rule of every pack asks about one
    page, many about the same words, and a word that is absent costs a scan of the page."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def __missing__(self, word: str) -> bool:
        found = self[word] = word in self.text
        return found


_LAST_PAGE = [_Presence("")]  # the last page's answers only: memory stays flat in a batch


def _presence(text: str) -> _Presence:
    presence = _LAST_PAGE[0]
    if presence.text is not text and presence.text != text:
        presence = _LAST_PAGE[0] = _Presence(text)
    return presence


# ---------------------------------------------------------------- built-in packs, compiled

COMPILED = BUILTIN_DIR / "compiled.json"
_FIELDS = tuple(f for f in Rule.__dataclass_fields__)


def fingerprint() -> str:
    """A checksum of the built-in YAML packs, recorded in compiled.json to detect staleness
    (CRC-32: zlib is cheap to import, and this guards against forgetting to recompile, not
    against tampering)."""
    import zlib

    crc = 0
    for f in pack_files(BUILTIN_DIR):
        crc = zlib.crc32(f.name.encode() + b"\0" + f.read_bytes(), crc)
    return f"crc32:{crc:08x}"


def _rule_json(rule: Rule) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in _FIELDS:
        value = getattr(rule, name)
        if name == "level":
            value = value.value
        elif name == "path":
            value = Path(value).name
        out[name] = value
    return out


def _rule_from_json(data: dict[str, Any]) -> Rule:
    values = dict(data)
    values["level"] = Severity(values["level"])
    values["path"] = str(BUILTIN_DIR / values["path"])
    for name in ("tokens", "exceptions", "first", "second", "content_types"):
        values[name] = tuple(values[name])
    values["swap"] = tuple((k, v) for k, v in values["swap"])
    values["prefilter"] = tuple(tuple(tuple(clause) for clause in pattern)
                                for pattern in values["prefilter"])
    return Rule(**values)


def write_compiled() -> str:
    """Regenerate ``compiled.json`` from the built-in YAML packs; returns its path."""
    import json

    packs = [load_pack(f) for f in pack_files(BUILTIN_DIR)]
    data = {"fingerprint": fingerprint(),
            "packs": [{"name": p.name, "path": Path(p.path).name, "description": p.description,
                       "rules": [_rule_json(r) for r in p.rules]} for p in packs]}
    with open(COMPILED, "w", encoding="utf-8", newline="\n") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1, sort_keys=True)
        handle.write("\n")
    return str(COMPILED)


_BUILTIN: list[Pack] | None = None


def builtin_packs() -> list[Pack]:
    """The built-in packs, once per process: from compiled.json while it matches the YAML
    (no PyYAML, no validation), else from the YAML files themselves."""
    global _BUILTIN
    if _BUILTIN is None:
        import json

        try:
            data = json.loads(COMPILED.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        if data is not None and data.get("fingerprint") == fingerprint():
            _BUILTIN = [Pack(p["name"], str(BUILTIN_DIR / p["path"]), p["description"],
                             [_rule_from_json(r) for r in p["rules"]]) for p in data["packs"]]
        else:
            _BUILTIN = [load_pack(f) for f in pack_files(BUILTIN_DIR)]
    return _BUILTIN


def configured_rules(rule_packs: list[str] | tuple[str, ...] = (), root: str = ".",
                     reserved: frozenset[str] = frozenset()) -> list[Rule]:
    """Built-in rules, then user packs in configuration order (same code: user wins).

    ``reserved`` holds codes that pack rules may not take (the Python checks').
    """
    by_code: dict[str, Rule] = {}
    for pack in builtin_packs():
        for rule in pack.rules:
            by_code[rule.code] = rule
    for entry in rule_packs:
        location = entry if os.path.isabs(entry) else os.path.join(root, entry)
        for file in pack_files(location):
            for rule in load_pack(file).rules:
                if rule.code in reserved:
                    raise PackError(f"{file}: {rule.code} belongs to a built-in check; "
                                    "pick another code for this rule")
                by_code[rule.code] = rule
    names: dict[str, str] = {}
    for rule in by_code.values():
        other = names.get(rule.name)
        if other is not None:
            raise PackError(f"{rule.path}: rule name {rule.name!r} is used by both "
                            f"{other} and {rule.code}")
        names[rule.name] = rule.code
    return sorted(by_code.values(), key=lambda r: r.code)


if __name__ == "__main__":  # python -m checks.detectors.promotion.packs: rebuild compiled.json
    print(write_compiled())
