"""The table-editor component of the Data page: every raw row of one table file in a data editor,
the problems it would have once saved, changes made on disk meanwhile, and Check, Save and Discard.
The editing itself (load raw rows, check, diff, save with lock and backup) is
:mod:`tightrope.editing`; who may edit is :mod:`tightrope.access`, checked when the editor is drawn
and again inside the save path.

Fast edits are never lost. The data editor runs with ``on_change="ignore"``: a committed cell edit
stays in the browser and does not rerun the app, so no rerun can redraw the grid while the analyst
types the next cell (with a rerun per cell, quick successive edits in a plain ``st.data_editor``
lost one edit in four). The browser sends the editor's whole edit state with the next rerun,
whatever triggers it (Check, Save, another widget, another page): the Save callback rebuilds the
rows from that whole state, and :func:`keep_pending` stores it in the table's
:class:`EditorState` at the start of every run, before a widget that is not drawn this run (another
table or page was chosen) is dropped. A widget is never handed a different frame under the same
key: a new base frame always comes with a new key (:meth:`EditorState.restart`), so an edit state
is only ever applied to the frame it was made on.

Length: one widget's state, drawing and its three actions (check, save, discard) with the
permission checks; the problem list is :mod:`components.problems`.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
import streamlit as st

from components import problems as problem_list
from components import safe
from components.safe import md
from tightrope import access, editing
from tightrope.i18n import N_
from tightrope.i18n import gettext as _
from tightrope.reading import Unreadable
from tightrope.schema import TABLES, Table
from tightrope.validation import ERROR

LOG = logging.getLogger("tightrope.data")
#: session-state keys: the editors' states (table name -> EditorState), the key counter, the message
STATES = "_editors"
SEQ = "_editor_seq"
FLASH = "_edit_flash"


# --- access ------------------------------------------------------------------------------------


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets file, or one that does not parse: no editing configured
        return {}


def _user() -> dict:
    try:
        return st.user.to_dict()
    except Exception:
        return {}


def edit_access() -> tuple[bool, access.EditSettings, dict]:
    """(may this session edit, the settings, the user) — read fresh on every call."""
    settings = access.settings_from(_secrets(), os.environ, st.get_option("server.address"))
    user = _user()
    if settings.notes and not st.session_state.get("_edit_notes_logged"):
        st.session_state["_edit_notes_logged"] = True  # once per session, not on every rerun
        for note in settings.notes:
            LOG.warning("editing configuration: %s", note)
    return access.can_edit(settings, user), settings, user


# --- state -------------------------------------------------------------------------------------


def _next_generation() -> int:
    st.session_state[SEQ] = st.session_state.get(SEQ, 0) + 1
    return st.session_state[SEQ]


@dataclass
class EditorState:
    """One table's editor in this session.

    ``loaded``: the version on disk the edits start from; ``base``: the rows the current widget was
    created with; ``work``: the rows as edited, as far as the server has heard (all three are text
    frames as :func:`tightrope.editing.normalise` returns them); ``generation``: part of the
    widget's key, new whenever the widget must start afresh from ``work``."""

    loaded: editing.Loaded
    base: pd.DataFrame
    work: pd.DataFrame
    generation: int

    @classmethod
    def load(cls, folder: Path, name: str) -> EditorState:
        """The table as it is on disk now; raises :class:`tightrope.reading.Unreadable`."""
        loaded = editing.load(folder, name)
        return cls(loaded, loaded.frame, loaded.frame, _next_generation())

    @property
    def key(self) -> str:
        return f"editor-{self.loaded.table}-{self.generation}"

    @property
    def dirty(self) -> bool:
        """True when the edits differ from the version loaded."""
        return not self.work.equals(self.loaded.frame)

    def edited(self) -> pd.DataFrame:
        """The rows as the widget's latest edit state (if the browser sent one) makes them."""
        state = st.session_state.get(self.key) if self.key in st.session_state else None
        if state is None:
            return self.work
        return editing.normalise(editing.apply_edits(self.base, state), self.loaded.columns)

    def restart(self) -> None:
        """A new widget (new key) created from ``work``: the old widget's edit state is never
        applied to any other frame than the one it was made on."""
        self.base = self.work
        self.generation = _next_generation()


def states() -> dict[str, EditorState]:
    """Table name -> its editor's state, for this session."""
    return st.session_state.setdefault(STATES, {})


def keep_pending() -> None:
    """Store every editor's latest edit state (sent by the browser with this rerun) in its
    :class:`EditorState`. Call at the start of every run, before any page draws: an editor that is
    not drawn in this run (another table or page) has its widget state dropped at the end of the
    run, and its edits would go with it."""
    for state in st.session_state.get(STATES, {}).values():
        state.work = state.edited()


def dirty(name: str) -> bool:
    """True if the editor of table ``name`` holds changes that are not saved."""
    state = st.session_state.get(STATES, {}).get(name)
    return state is not None and state.dirty


def flash(kind: str, text: str) -> None:
    """A message (``kind``: success, info or error) for the next run; see :func:`show_flash`."""
    st.session_state[FLASH] = (kind, text)


def show_flash() -> None:
    """The message an action left for this run, if any (escaped)."""
    message = st.session_state.pop(FLASH, None)
    if message:
        getattr(st, message[0])(md(message[1]))


# --- actions -----------------------------------------------------------------------------------


def on_save(name: str, folder: Path) -> None:
    """The Save button's callback: :func:`save_edits`, with any unexpected failure logged and
    reported as a message (never a traceback)."""
    try:
        save_edits(name, folder)
    except Exception:
        LOG.exception("saving %s failed", name)
        flash(
            "error",
            _("Not saved: an unexpected problem occurred while saving {file}. Your edits are still here.").format(
                file=f"{name}.csv"
            ),
        )


def save_edits(name: str, folder: Path) -> None:
    """Save table ``name`` as edited. Checks the permission again (a viewer never gets here through
    widget state or the URL), rebuilds the rows from the editor's whole edit state as the browser
    sent it with the click, refuses rows with errors unless the analyst ticked the box, then writes
    through :func:`tightrope.editing.save`. The outcome is a message on the next run."""
    allowed, _settings, user = edit_access()
    if not allowed:
        flash("error", _("You are not allowed to edit; nothing was saved."))
        return
    state = states().get(name)
    if state is None:
        return
    state.work = edited = state.edited()
    loaded = state.loaded
    errors = [
        p
        for p in editing.check(folder, name, edited, loaded.columns)
        if p.file == f"{name}.csv" and p.severity == ERROR
    ]
    if errors and not st.session_state.get(f"confirm-{name}"):
        flash(
            "error",
            _("Not saved: {n} problem(s) remain. Fix them, or tick the box to save anyway.").format(n=len(errors)),
        )
        return
    try:
        saved = editing.save(
            folder, name, edited, loaded.sha256, columns=loaded.columns, bom=loaded.bom, newline=loaded.newline
        )
    except editing.Conflict:
        flash(
            "error",
            _(
                "Not saved: {file} changed on disk since you opened "
                "it. Your edits are still here; see below what changed."
            ).format(file=f"{name}.csv"),
        )
        return
    except OSError as exc:
        LOG.exception("saving %s failed", name)
        reason = exc.strerror or _("write error")
        flash(
            "error",
            _("Not saved: the file could not be written ({why}). Your edits are still here.").format(why=reason),
        )
        return
    LOG.info(
        "%s saved %s (%d rows, backup %s)", user.get("email") or "local editor", saved.path, saved.rows, saved.backup
    )
    states()[name] = EditorState.load(folder, name)
    if saved.changed:
        where = (
            " " + _("The previous version is in {path}.").format(path=f"{saved.backup.parent.name}/{saved.backup.name}")
            if saved.backup
            else ""
        )
        saved_at = _("Saved {file} ({n} rows) at {time}.").format(
            file=f"{name}.csv", n=saved.rows, time=f"{datetime.now():%H:%M:%S}"
        )
        flash("success", saved_at + where)
    else:
        flash("info", _("{file} already had this content; nothing was written.").format(file=f"{name}.csv"))


def on_discard(name: str, folder: Path) -> None:
    """Throw the editor's changes away and load the file as it is on disk now."""
    try:
        states()[name] = EditorState.load(folder, name)
    except Unreadable:
        states().pop(name, None)


# --- drawing -----------------------------------------------------------------------------------

_KIND_HELP = {
    "date": N_("a date written YYYY-MM-DD"),
    "number": N_("a plain number: digits and an optional decimal point, no percent sign, no thousands separators"),
    "lat": N_("latitude in decimal degrees (-90 to 90)"),
    "lon": N_("longitude in decimal degrees (-180 to 180)"),
    "year": N_("a four-digit calendar year"),
    "iso3": N_("an ISO 3166-1 alpha-3 country code such as JPN"),
    "iso3_or_group": N_("an ISO alpha-3 code, or ALL, ASEAN, WORLD, EU"),
    "url": N_("a full http:// or https:// address"),
    "slug": N_("lower-case letters, digits, - or _"),
    "slugs": N_("slugs separated by ;"),
}


def column_help(table: Table, name: str) -> str:
    """The help of column ``name`` in the editor, in the current language: what it holds (the
    schema's description, as in ``data/README.md``), then what a cell takes (its kind or allowed
    values, required or optional, unique)."""
    col = table.col(name) if name in table.column_names else None
    if col is None:
        return _("not a column of this table: kept in the file, not shown in the dashboard")
    text = (
        _("one of: {values}").format(values=", ".join(col.values))
        if col.kind == "enum"
        else _(_KIND_HELP.get(col.kind, N_("text")))
    )
    text += " " + (_("(required)") if col.required else _("(optional)"))
    text += _("; unique") if col.unique else ""
    return f"{_(col.description)}\n\n{text}" if col.description else text


def column_config(table: Table, columns: list[str]) -> dict:
    """Editor columns: text cells whose help says what each column holds and takes (:func:`column_help`)."""
    return {name: st.column_config.TextColumn(name, help=column_help(table, name)) for name in columns}


def _error(text: str) -> None:
    """An error message of the editor (Markdown: escape data text with :func:`components.safe.md`)."""
    st.error(text, icon=":material/error:")


def _discard_button(col, label: str, key: str, icon: str, name: str, folder: Path) -> None:
    """A button in ``col`` that throws the editor's changes to table ``name`` away (:func:`on_discard`)."""
    col.button(label, key=f"{key}-{name}", icon=icon, on_click=on_discard, args=(name, folder))


def _changed_on_disk(table: Table, folder: Path, state: EditorState) -> None:
    """The warning, what changed on disk, and the way out (download mine, discard and reload)."""
    name = table.name
    st.warning(
        _(
            "**{file} changed on disk since you opened it** (another analyst or a "
            "spreadsheet saved it). Saving is refused so neither change is lost. Download "
            "your version, then start again from the new one and re-apply your changes."
        ).format(file=md(table.file)),
        icon=":material/sync_problem:",
    )
    try:
        now = editing.load(folder, name)
        st.markdown(_("**What changed on disk** (since you opened the file)"))
        changes = editing.diff_rows(state.loaded.frame, now.frame, table)
        st.dataframe(safe.table(changes), hide_index=True, key=f"diff-disk-{name}")
    except Unreadable as exc:
        _error(_("The new version cannot be read: {message}").format(message=md(exc.problem.message)))
    c1, c2 = st.columns(2)
    c1.download_button(
        _("Download my version"),
        editing.to_csv_text(state.work, state.loaded.columns).encode("utf-8"),
        file_name=f"{name}-mine.csv",
        mime="text/csv",
        key=f"mine-{name}",
        icon=":material/download:",
        on_click="ignore",
    )
    _discard_button(
        c2, _("Discard my changes and load the new version"), "discard", ":material/restart_alt:", name, folder
    )


def _problems(table: Table, folder: Path, state: EditorState) -> list:
    """The problems of the table as edited (and of other tables the edit would break); returns
    this table's errors."""
    found = editing.check(folder, table, state.work, state.loaded.columns)
    own = [p for p in found if p.file == table.file]
    others = [p for p in found if p.file != table.file]
    if state.dirty:
        changes = editing.diff_rows(state.loaded.frame, state.work, table)
        with st.expander(_("Your changes: {n}").format(n=len(changes)), expanded=False, icon=":material/difference:"):
            st.dataframe(safe.table(changes), hide_index=True, key=f"diff-mine-{table.name}")
    if own:
        st.markdown(_("**Problems in this table as it would be saved** (rows numbered as in the saved file)"))
        ids = state.work[table.key] if table.key else None
        problem_list.show(own, f"edit-{table.name}", ids, table.key)
    else:
        st.success(_("{file} as edited has no problems.").format(file=table.file), icon=":material/check_circle:")
    if others:
        st.warning(
            _("Saving would leave out {n} row(s) of other tables, e.g. rows that cite a source you removed:").format(
                n=len(others)
            ),
            icon=":material/link_off:",
        )
        problem_list.show(others, f"edit-{table.name}-others")
    return [p for p in own if p.severity == ERROR]


def editor(table: Table, folder: Path) -> None:
    """The editor of one table: every raw row of the file (bad ones too), problems as they would be
    saved, changes made on disk meanwhile, and the Check, Save and Discard buttons."""
    name = table.name
    state = states().get(name)
    if state is None:
        try:
            state = states()[name] = EditorState.load(folder, name)
        except Unreadable as exc:
            _error(
                _("{file} cannot be edited here until it can be read: {message}. Fix: {fix}").format(
                    file=md(table.file), message=md(exc.problem.sentence), fix=md(exc.problem.fix)
                )
            )
            return
    if state.key not in st.session_state and not state.work.equals(state.base):
        state.restart()  # the widget was dropped (another table or page was shown): start anew from the edits
    state.work = state.edited()

    changed_on_disk = editing.sha256_of(folder, name) != state.loaded.sha256
    if changed_on_disk and not state.dirty:
        try:
            states()[name] = EditorState.load(folder, name)
        except Unreadable:
            pass
        else:
            flash("info", _("{file} changed on disk; the editor shows the new version.").format(file=table.file))
            st.rerun()

    st.caption(
        _(
            "Every row of {file} as text, rows with problems included so you can fix them. Add rows at the "
            "bottom; select rows to delete them. Press **Check** to see the problems of your edits; nothing "
            "is written until you press **Save**. Your changes stay here while this browser tab is open."
        ).format(file=md(table.file))
    )
    height = min(420, 35 * (len(state.base) + 3) + 3)  # a short table gets a short editor, with room for new rows
    st.data_editor(
        state.base,
        key=state.key,
        num_rows="dynamic",
        hide_index=True,
        column_config=column_config(table, state.loaded.columns),
        height=height,
        on_change="ignore",  # no rerun per cell: see the module's docstring
    )
    if changed_on_disk:
        _changed_on_disk(table, folder, state)
    errors = _problems(table, folder, state)
    if errors and state.dirty:
        st.checkbox(
            _("Save although {n} problem(s) remain (those rows stay out of the dashboard until fixed)").format(
                n=len(errors)
            ),
            key=f"confirm-{name}",
        )
    c1, c2, c3 = st.columns([1, 1, 3])
    c1.button(_("Check"), key=f"check-{name}", icon=":material/fact_check:", help=_("Show the problems of your edits"))
    c2.button(
        _("Save"),
        key=f"save-{name}",
        type="primary",
        icon=":material/save:",
        disabled=changed_on_disk,
        on_click=on_save,
        args=(name, folder),
    )
    if state.dirty and not changed_on_disk:
        _discard_button(c3, _("Discard my changes"), "revert", ":material/undo:", name, folder)


def edit_section(table: Table, folder: Path, allowed: bool, settings: access.EditSettings, user: dict) -> None:
    """The editor for editors; for everyone else, how to get access (login) or nothing. An
    unexpected failure (e.g. the data folder is not readable) is logged for the deployer and shown
    as a short message, never as a traceback."""
    try:
        _edit_section(table, folder, allowed, settings, user)
    except Exception:
        LOG.exception("the editor of %s failed", table.file)
        _error(_("The editor hit an unexpected problem; nothing was written. The server log has the details."))


def _edit_section(table: Table, folder: Path, allowed: bool, settings: access.EditSettings, user: dict) -> None:
    if allowed:
        editor(table, folder)
        return
    if settings.auth and settings.editors and user.get("is_logged_in") is not True:
        st.caption(_("Analysts on the editors list can log in to edit the tables here."))
        if st.button(_("Log in to edit"), key="edit-login", icon=":material/login:"):
            try:
                st.login()
            except Exception:  # Authlib missing or [auth] incomplete: tell the deployer in the log
                LOG.exception("st.login failed")
                _error(_("Login is not available on this server (see the server log)."))
    elif user.get("is_logged_in") is True:
        st.caption(
            _("Signed in as {email}, who is not on this server's editors list; the data is read-only.").format(
                email=md(user.get("email", ""))
            )
        )
        if st.button(_("Log out"), key="edit-logout", icon=":material/logout:"):
            st.logout()
    else:
        st.caption(
            _(
                "Editing in the browser is off on this server (see the "
                "README, *Editing in the browser*); the data is read-only here."
            )
        )


def unsaved(allowed: bool) -> list[str]:
    """The files with unsaved edits in this session (none for a viewer)."""
    return [t.file for name, t in TABLES.items() if allowed and dirty(name)]
