"""The publisher's policy: which elements a page must carry, by format, content type and path.

Configured under ``[tool.healthlint.policy]`` (or ``policy:`` in healthlint.yaml)::

    [tool.healthlint.policy]
    stale-after-months = 24            # 0 turns the staleness check off
    date-order = "auto"                # how 11/08/2025 is read: auto (report it) | mdy | dmy
    disclaimers = "our-wording.yaml"   # replaces checks/detectors/data/disclaimers.yaml
    require = { medical-reviewer = true }

    [tool.healthlint.policy.content-types.supplement]   # by front matter `content_type:`
    require = { dshea-statement = true }

    [tool.healthlint.policy.paths."news/**"]           # by glob, relative to the config
    stale-after-months = 0

Layers apply in order — the policy's own keys, then ``formats.<markdown|html|text>``,
then ``content-types.<type>``, then every matching ``paths`` glob — each overriding
the keys it names (``require`` merges element by element). The default policy suits a
general health publisher; a user's keys are merged over it the same way.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from checks.detectors.dates import ORDERS
from claims import metadata
from claims.metadata import CONTENT_TYPES

if TYPE_CHECKING:
    from checks.detectors.disclaimers import Statement
    from claims.model import Article

ELEMENTS = (
    "medical-disclaimer",  # informational-only / not a substitute / consult a provider
    "dshea-statement",  # 21 CFR 101.93(c), where a supplement structure/function claim is made
    "disclosure",  # sponsor / affiliate / own-product disclosure, where promotion is present
    "author",
    "author-credentials",
    "medical-reviewer",
    "reviewer-credentials",
    "date",  # a published, updated or reviewed date, any of them
    "published",
    "updated",
)
FORMATS = ("markdown", "html", "text")
PLACEMENTS = ("anywhere", "top", "bottom")

DEFAULT_POLICY: dict[str, Any] = {
    "require": {
        "medical-disclaimer": True,
        "dshea-statement": False,
        "disclosure": True,
        "author": True,
        "author-credentials": False,
        "medical-reviewer": True,
        "reviewer-credentials": True,
        "date": True,
        "published": False,
        "updated": False,
    },
    "stale-after-months": 24,
    "evidence-max-age-years": 10,
    "disclaimer-placement": "anywhere",
    "emergency-clause": False,
    "date-order": "auto",
    "default-content-type": "article",
    "front-matter-keys": [],
    "front-matter-strict": False,
    "disclaimers": "",
    # Scraped pages and CMS exports rarely keep the reviewer line; asking for one there
    # would flag nearly every page of an audit, so only Markdown sources must name one.
    "formats": {
        "text": {"require": {"medical-reviewer": False, "reviewer-credentials": False}},
        "html": {"require": {"medical-reviewer": False, "reviewer-credentials": False}},
    },
    "content-types": {
        "article": {},
        # News reports are dated by nature and are not re-reviewed.
        "news": {"require": {"medical-reviewer": False}, "stale-after-months": 0},
        "supplement": {"require": {"dshea-statement": True}, "stale-after-months": 12},
        "product": {"require": {"dshea-statement": True}, "stale-after-months": 12},
        "food": {},
    },
    "paths": {},
}

# --- validation (registered in checks.settings.config.SECTION_VALIDATORS["policy"]) ---

_LAYER_KEYS: dict[str, str] = {
    "require": "require",
    "stale-after-months": "months",
    "evidence-max-age-years": "years",
    "disclaimer-placement": "placement",
    "emergency-clause": "bool",
    "date-order": "order",
}
_TOP_KEYS: dict[str, str] = {
    **_LAYER_KEYS,
    "default-content-type": "str",
    "front-matter-keys": "str_list",
    "front-matter-strict": "bool",
    "disclaimers": "str",
    "formats": "formats",
    "content-types": "content_types",
    "paths": "paths",
}


def _suggest(key: str, choices: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(key, choices, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _check_value(where: str, kind: str, value: Any) -> None:
    def fail(expected: str) -> None:
        raise ValueError(f"{where} to be {expected}")

    if kind == "require":
        if not isinstance(value, Mapping):
            fail("a table of element = true/false")
        for element, flag in value.items():
            name = str(element).replace("_", "-")
            if name not in ELEMENTS:
                raise ValueError(
                    f"{where}.{element} to be a known element{_suggest(name, list(ELEMENTS))}; "
                    f"elements: {', '.join(ELEMENTS)}"
                )
            if not isinstance(flag, bool):
                fail(f"true or false for {element}")
    elif kind in ("months", "years"):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            fail("a whole number of " + ("months" if kind == "months" else "years") + " (0: off)")
    elif kind == "placement":
        if value not in PLACEMENTS:
            fail(f"one of {', '.join(PLACEMENTS)}")
    elif kind == "order":
        if value not in ORDERS:
            fail(f"one of {', '.join(ORDERS)}")
    elif kind == "bool":
        if not isinstance(value, bool):
            fail("true or false")
    elif kind == "str":
        if not isinstance(value, str):
            fail("a string")
    elif kind == "str_list" and (
            not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
        fail("a list of strings")


def _check_layer(where: str, layer: Any, keys: Mapping[str, str]) -> None:
    if not isinstance(layer, Mapping):
        raise ValueError(f"{where} to be a table")
    for key, value in layer.items():
        norm = str(key).replace("_", "-")
        kind = keys.get(norm)
        if kind is None:
            raise ValueError(
                f"{where}.{key} to be a known policy key{_suggest(norm, sorted(keys))}; "
                f"keys: {', '.join(sorted(keys))}"
            )
        sub = f"{where}.{key}"
        if kind == "formats":
            _check_layer(sub, value, {f: "layer" for f in FORMATS})
            for name, inner in value.items():
                _check_layer(f"{sub}.{name}", inner, _LAYER_KEYS)
        elif kind in ("content_types", "paths"):
            if not isinstance(value, Mapping):
                raise ValueError(f"{sub} to be a table of {kind.replace('_', ' ')}")
            for name, inner in value.items():
                _check_layer(f"{sub}.{name}", inner, _LAYER_KEYS)
        else:
            _check_value(sub, kind, value)


def validate_policy(section: Mapping[str, Any]) -> None:
    """Raise ValueError("policy.<key> to be ...") for an unknown key or a bad value."""
    _check_layer("policy", section, _TOP_KEYS)
    default_type = section.get("default-content-type", section.get("default_content_type"))
    if default_type is not None:
        known = set(CONTENT_TYPES) | {str(k) for k in section.get("content-types", {}) or {}}
        if default_type not in known:
            hint = _suggest(default_type, sorted(known))
            raise ValueError(f"policy.default-content-type to be a content type{hint}")


# --- resolution ------------------------------------------------------------------------------


def _norm_keys(layer: Mapping[str, Any]) -> dict[str, Any]:
    return {str(k).replace("_", "-"): v for k, v in layer.items()}


def _merge_layer(into: dict[str, Any], layer: Mapping[str, Any]) -> None:
    for key, value in _norm_keys(layer).items():
        if key == "require":
            into["require"] = {**into.get("require", {}), **_norm_keys(value)}
        else:
            into[key] = value


def _merge_tables(base: Mapping[str, Any], user: Mapping[str, Any]) -> dict[str, Any]:
    """Merge named layers (formats, content types, paths): a user's layer over the default's."""
    out = {name: dict(layer) for name, layer in base.items()}
    for name, layer in user.items():
        merged = dict(out.get(str(name), {}))
        _merge_layer(merged, layer)
        out[str(name)] = merged
    return out


@dataclass(frozen=True)
class Policy:
    """The requirements that apply to one article."""

    content_type: str
    require: Mapping[str, bool]
    stale_after_months: int
    evidence_max_age_years: int
    disclaimer_placement: str
    emergency_clause: bool
    date_order: str
    front_matter_keys: tuple[str, ...]
    front_matter_strict: bool
    content_types: tuple[str, ...]
    statements: Mapping[str, Statement]

    def requires(self, element: str) -> bool:
        return bool(self.require.get(element, False))


@dataclass
class _Base:
    """A settings object's policy with the default merged in (before per-article layers)."""

    top: dict[str, Any]
    formats: dict[str, Any]
    content_types: dict[str, Any]
    paths: dict[str, Any]
    root: str
    statements: Mapping[str, Statement]


_BASES: dict[int, tuple[Any, _Base]] = {}


def _base(settings: Any) -> _Base:
    cached = _BASES.get(id(settings))
    if cached is not None and cached[0] is settings:
        return cached[1]
    user = _norm_keys(getattr(settings, "policy", {}) or {})
    top: dict[str, Any] = {}
    _merge_layer(top, {k: v for k, v in DEFAULT_POLICY.items()
                       if k not in ("formats", "content-types", "paths")})
    _merge_layer(top, {k: v for k, v in user.items()
                       if k not in ("formats", "content-types", "paths")})
    root = getattr(settings, "root", ".") or "."
    from checks.detectors.disclaimers import StatementError, load_statements
    from checks.settings.errors import ConfigError

    wording = top.get("disclaimers") or ""
    if wording and not os.path.isabs(wording):
        wording = os.path.join(root, wording)
    try:
        statements = load_statements(wording or None)
    except StatementError as exc:
        source = getattr(settings, "source", "configuration")
        raise ConfigError(f"{source}: policy.disclaimers: {exc}") from None
    base = _Base(
        top=top,
        formats=_merge_tables(DEFAULT_POLICY["formats"], user.get("formats", {}) or {}),
        content_types=_merge_tables(DEFAULT_POLICY["content-types"],
                                    user.get("content-types", {}) or {}),
        paths=dict(user.get("paths", {}) or {}),
        root=root,
        statements=statements,
    )
    _BASES[id(settings)] = (settings, base)
    return base


def _relative(path: str, root: str) -> str:
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, root)
    except ValueError:
        rel = absolute
    return rel.replace(os.sep, "/")


def content_type_of(article: Article, default: str,
                    known: tuple[str, ...] = CONTENT_TYPES) -> str:
    """The article's declared content type (read by ``claims.metadata``), as the policy's
    own spelling of it when the policy has that type; else ``default``."""
    declared = metadata.content_type(article.metadata, known)
    if not declared:
        return default
    by_norm = {metadata.normalise_content_type(k): k for k in known}
    return by_norm.get(declared, declared)


def resolve(settings: Any, article: Article) -> Policy:
    """The policy for one article: default, user, format, content type, then path layers."""
    base = _base(settings)
    merged = {**base.top, "require": dict(base.top["require"])}
    _merge_layer(merged, base.formats.get(article.format, {}))
    known = tuple(base.content_types)
    declared = content_type_of(article, str(merged["default-content-type"]), known)
    content_type = declared if declared in base.content_types else merged["default-content-type"]
    _merge_layer(merged, base.content_types.get(content_type, {}))
    rel = _relative(article.path, base.root)
    name = os.path.basename(article.path)
    for pattern, layer in base.paths.items():
        if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(name, pattern):
            _merge_layer(merged, layer)
    return Policy(
        content_type=content_type,
        require=merged["require"],
        stale_after_months=int(merged["stale-after-months"]),
        evidence_max_age_years=int(merged["evidence-max-age-years"]),
        disclaimer_placement=str(merged["disclaimer-placement"]),
        emergency_clause=bool(merged["emergency-clause"]),
        date_order=str(merged["date-order"]),
        front_matter_keys=tuple(merged["front-matter-keys"]),
        front_matter_strict=bool(merged["front-matter-strict"]),
        content_types=known,
        statements=base.statements,
    )


def policy_for(article: Article, ctx: Any) -> Policy:
    """The article's policy, computed once per article and shared by every check."""
    cached = ctx.memo.get("policy")
    if cached is None:
        cached = resolve(ctx.settings, article)
        ctx.memo["policy"] = cached
    return cached


def today(settings: Any) -> dt.date:
    """The date staleness is judged against: ``--today`` / ``today`` in config, else today."""
    value = getattr(settings, "today", "") or ""
    if value:
        return parse_today(value)
    return dt.date.today()


def parse_today(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"a date as YYYY-MM-DD, not {value!r}") from None


def validate_today(value: Any) -> None:
    """Config validator for the ``today`` key."""
    if value:
        parse_today(str(value))
