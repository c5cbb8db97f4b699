"""``healthlint server``: a Language Server over stdio (pygls + lsprotocol).

Diagnostics on open and save at once, on change after a short pause in typing (the
debounce), so a writer sees the unsourced claim underlined as they write. Code actions
apply the safe fixes, one or all, and insert inline suppressions; hover on a claim shows
its type, score, the cues behind it and its citations. Settings come from the workspace
exactly as ``healthlint check`` finds them, and are re-read when a configuration file is
saved or changes on disk.

pygls and lsprotocol cost about a second to import, so only this command imports them.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from checks import __version__
from checks.contract.model import Finding, Severity
from checks.contract.registry import RegistryError
from checks.server.actions import (
    fix_all_edit,
    fix_edits,
    suppression_edits,
)
from checks.server.hover import claim_at, describe_claim
from checks.server.positions import LineIndex
from checks.server.session import Linted, LintSession, is_config_file
from checks.settings.config import ConfigError

DEBOUNCE = 0.02  # seconds: changes closer than this are a burst, linted once it pauses
SOURCE = "healthlint"
FIX_ALL = "source.fixAll.healthlint"
_SEVERITY = {Severity.ERROR: types.DiagnosticSeverity.Error,
             Severity.WARNING: types.DiagnosticSeverity.Warning,
             Severity.INFO: types.DiagnosticSeverity.Information}

log = logging.getLogger(__name__)


@dataclass
class DocumentState:
    """The last lint of one open document, and the line index of the text it linted."""

    linted: Linted
    index: LineIndex
    version: int | None


class HealthlintServer(LanguageServer):
    """The language server: a warm lint session and the last lint of each open document."""

    def __init__(self) -> None:
        super().__init__(SOURCE, __version__,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.session = LintSession()
        self.states: dict[str, DocumentState] = {}
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.last_change: dict[str, float] = {}  # event-loop time of each document's last edit
        self.debounce = DEBOUNCE

    # -- linting ---------------------------------------------------------------------------

    @property
    def encoding(self) -> str:
        chosen = self.server_capabilities.position_encoding
        return str(chosen.value if hasattr(chosen, "value") else chosen or "utf-16")

    def lint_document(self, uri: str) -> DocumentState | None:
        """Lint the document's current text and publish its diagnostics."""
        self.cancel_pending(uri)
        document = self.workspace.get_text_document(uri)
        path = document_path(self, uri, document.path)
        text = document.source
        index = LineIndex(text, self.encoding)
        try:
            if self.session.excluded(path):
                self.states.pop(uri, None)
                self.publish(uri, document.version, [])
                return None
            linted = self.session.lint(path, text, document.language_id)
        except (ConfigError, RegistryError) as exc:
            self.publish(uri, document.version, [problem_diagnostic(
                f"healthlint: configuration error: {exc}")])
            return None
        except Exception as exc:  # one bad document never takes the server down
            log.exception("linting %s failed", uri)
            self.publish(uri, document.version, [problem_diagnostic(
                f"healthlint failed on this document: {type(exc).__name__}: {exc}")])
            return None
        state = DocumentState(linted, index, document.version)
        self.states[uri] = state
        self.publish(uri, document.version,
                     [to_diagnostic(f, index) for f in linted.result.findings])
        return state

    def current_state(self, uri: str) -> DocumentState | None:
        """The lint of the document's text as it is now (linting it first if it changed)."""
        state = self.states.get(uri)
        document = self.workspace.get_text_document(uri)
        if state is None or state.linted.text != document.source:
            return self.lint_document(uri)
        return state

    def publish(self, uri: str, version: int | None, diagnostics: list[types.Diagnostic]) -> None:
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=version, diagnostics=diagnostics))

    def schedule(self, uri: str) -> None:
        """Lint after a change: at once when it comes alone, after a pause in a burst.

        The first change after a quiet spell is linted as soon as the changes already
        received are applied (a writer who types a word and stops sees it at once);
        changes that follow each other within the debounce restart the wait, so a paste
        or a held key costs one lint, not one a character.
        """
        self.cancel_pending(uri)
        loop = asyncio.get_running_loop()
        now = loop.time()
        in_burst = now - self.last_change.get(uri, float("-inf")) < self.debounce
        self.last_change[uri] = now
        delay = self.debounce if in_burst else 0.0
        self.timers[uri] = loop.call_later(delay, self._lint_if_open, uri)

    def _lint_if_open(self, uri: str) -> None:
        self.timers.pop(uri, None)
        if uri in self.workspace.text_documents:
            self.lint_document(uri)

    def cancel_pending(self, uri: str) -> None:
        timer = self.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()

    def reload_settings(self) -> None:
        """A configuration file changed: read settings again and relint every open document."""
        self.session.reload()
        for uri in list(self.workspace.text_documents):
            self.lint_document(uri)


def document_path(server: LanguageServer, uri: str, path: str) -> str:
    """A file path for settings lookup; an untitled buffer lives at the workspace root."""
    import os

    if uri.startswith("file:") and path:
        return path
    root = server.workspace.root_path or os.getcwd()
    return os.path.join(root, os.path.basename(path) or "untitled")


def to_range(index: LineIndex, start: int, end: int) -> types.Range:
    a, b = index.position(start), index.position(end)
    return types.Range(types.Position(*a), types.Position(*b))


def to_diagnostic(finding: Finding, index: LineIndex) -> types.Diagnostic:
    return types.Diagnostic(
        range=to_range(index, finding.start, finding.end),
        message=finding.message,
        severity=_SEVERITY[finding.severity],
        code=finding.code,
        source=SOURCE,
        data={"name": finding.name, "start": finding.start, "end": finding.end},
    )


def problem_diagnostic(message: str) -> types.Diagnostic:
    """A problem with the run itself (configuration, a crash), shown at the top of the file."""
    return types.Diagnostic(range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                            message=message, severity=types.DiagnosticSeverity.Error,
                            source=SOURCE)


def _overlaps(finding: Finding, start: int, end: int) -> bool:
    return finding.start <= end and start <= finding.end


def code_actions(server: HealthlintServer, params: types.CodeActionParams
                 ) -> list[types.CodeAction]:
    uri = params.text_document.uri
    state = server.current_state(uri)
    if state is None:
        return []
    index, linted = state.index, state.linted
    start = index.offset(params.range.start.line, params.range.start.character)
    end = index.offset(params.range.end.line, params.range.end.character)
    only = params.context.only
    wants_quickfix = not only or any(str(k).startswith("quickfix") for k in only)
    wants_fix_all = not only or any(FIX_ALL.startswith(str(k)) for k in only)
    actions: list[types.CodeAction] = []
    if wants_quickfix:
        for finding in linted.result.findings:
            if not _overlaps(finding, start, end):
                continue
            diagnostic = to_diagnostic(finding, index)
            edits = fix_edits(finding)
            if edits is not None:
                actions.append(_action(f"{finding.fix.description} ({finding.code})",  # type: ignore[union-attr]
                                       types.CodeActionKind.QuickFix, uri, state, edits,
                                       [diagnostic], preferred=True))
            for title, suppress in suppression_edits(linted, finding):
                actions.append(_action(title, types.CodeActionKind.QuickFix, uri, state,
                                       [suppress], [diagnostic]))
    if wants_fix_all:
        whole = fix_all_edit(server.session, linted)
        if whole is not None:
            actions.append(_action("Fix all safe healthlint findings", FIX_ALL, uri, state,
                                   [whole], None))
    return actions


def _action(title: str, kind: Any, uri: str, state: DocumentState,
            edits: list[tuple[int, int, str]], diagnostics: list[types.Diagnostic] | None,
            preferred: bool = False) -> types.CodeAction:
    text_edits = [types.TextEdit(range=to_range(state.index, a, b), new_text=text)
                  for a, b, text in edits]
    document = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=state.version)
    edit = types.WorkspaceEdit(document_changes=[
        types.TextDocumentEdit(text_document=document, edits=text_edits)])  # type: ignore[arg-type]
    return types.CodeAction(title=title, kind=kind, diagnostics=diagnostics, edit=edit,
                            is_preferred=preferred or None)


def hover(server: HealthlintServer, params: types.HoverParams) -> types.Hover | None:
    state = server.current_state(params.text_document.uri)
    if state is None or state.linted.article is None:
        return None
    offset = state.index.offset(params.position.line, params.position.character)
    claim = claim_at(state.linted.article, offset)
    if claim is None:
        return None
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                     value=describe_claim(claim, state.linted)),
        range=to_range(state.index, claim.start, claim.end))


CONFIG_GLOBS = ("**/healthlint.yaml", "**/healthlint.yml", "**/.healthlint.yaml",
                "**/pyproject.toml")


def _watch_configuration(ls: HealthlintServer) -> None:
    """Ask the client to report changes to configuration files, when it can watch files."""
    workspace = ls.client_capabilities.workspace
    watched = workspace.did_change_watched_files if workspace else None
    if not watched or not watched.dynamic_registration:
        return  # the server still reloads when a configuration file is saved in the editor
    options = types.DidChangeWatchedFilesRegistrationOptions(
        watchers=[types.FileSystemWatcher(glob_pattern=g) for g in CONFIG_GLOBS])
    ls.client_register_capability(types.RegistrationParams(registrations=[types.Registration(
        id="healthlint-configuration", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        register_options=options)]))


def build_server(debounce: float | None = None) -> HealthlintServer:
    """The server with every feature registered (tests call this to drive it in-process)."""
    server = HealthlintServer()
    if debounce is not None:
        server.debounce = debounce

    @server.feature(types.INITIALIZE)
    def initialize(ls: HealthlintServer, params: types.InitializeParams) -> None:
        options = params.initialization_options or {}
        if isinstance(options, dict) and isinstance(options.get("debounce"), int | float):
            ls.debounce = max(0.0, float(options["debounce"]) / 1000)  # milliseconds

    @server.feature(types.INITIALIZED)
    def initialized(ls: HealthlintServer, params: types.InitializedParams) -> None:
        import os

        _watch_configuration(ls)
        try:  # load spaCy and the checks now, not while the writer waits for the first file
            ls.session.warm_up(ls.workspace.root_path or os.getcwd())
        except Exception:  # a broken configuration is reported on the first document
            log.debug("warm-up failed", exc_info=True)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: HealthlintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.lint_document(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: HealthlintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: HealthlintServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if is_config_file(ls.workspace.get_text_document(uri).path):
            ls.reload_settings()
        else:
            ls.current_state(uri)  # lints (and publishes) only if the text changed since

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: HealthlintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.cancel_pending(uri)
        ls.states.pop(uri, None)
        ls.publish(uri, None, [])

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: HealthlintServer, params: types.DidChangeWatchedFilesParams) -> None:
        from pygls.uris import to_fs_path

        if any(is_config_file(to_fs_path(c.uri) or c.uri) for c in params.changes):
            ls.reload_settings()

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]))
    def code_action(ls: HealthlintServer, params: types.CodeActionParams
                    ) -> list[types.CodeAction]:
        return code_actions(ls, params)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: HealthlintServer, params: types.HoverParams) -> types.Hover | None:
        return hover(ls, params)

    return server


def serve(debounce: float | None = None) -> int:
    """Run the server on stdin/stdout until the client says exit."""
    logging.basicConfig(level=logging.WARNING, format="healthlint server: %(message)s")
    build_server(debounce).start_io()
    return 0
