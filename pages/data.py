"""Data: the validation report, every table to browse and download, and (for editors) an editor
per table that validates before saving, writes atomically with a backup, and refuses to overwrite
a change saved by someone else since the editor loaded the file.

Who may edit is decided by :func:`tightrope.access.can_edit` from the deployer's configuration
(``.streamlit/secrets.toml`` and ``TIGHTROPE_EDIT``, see README); it is checked when the editor
is drawn and again inside the save path.

Length: the Data page still holds its problem list and table editor; they are to move into
components (a problems component and a table-editor component with a dataclass state).
"""

from __future__ import annotations

import logging
import os
from datetime import datetime

import pandas as pd
import streamlit as st

from components import safe, session
from components.blocks import download, table_config
from components.safe import md
from tightrope import access, editing, i18n, localized
from tightrope.i18n import N_
from tightrope.i18n import gettext as _
from tightrope.reading import Unreadable
from tightrope.schema import TABLES, Table
from tightrope.validation import ERROR, WARNING, Problem, ValidationReport

LOG = logging.getLogger("tightrope.data")


def problem_config() -> dict:
    """Headers of the problems table in the current language."""
    return {
        "file": st.column_config.TextColumn(_("file")),
        "column": st.column_config.TextColumn(_("column")),
        "row": st.column_config.NumberColumn(
            _("row"), format="%d", help=_("Row as a spreadsheet shows it (header = row 1); empty for the whole file")
        ),
        "value": st.column_config.TextColumn(_("bad value")),
        "message": st.column_config.TextColumn(_("what is wrong"), width="large"),
        "fix": st.column_config.TextColumn(_("how to fix it"), width="large"),
    }


#: problems listed as text per severity (the text wraps at any width); all of them are in the table
LISTED = 25


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


# --- problems ----------------------------------------------------------------------------------


def problems_frame(problems: list[Problem], ids: pd.Series | None = None, key: str | None = None) -> pd.DataFrame:
    """Problems as a table (file, row, column, value, what is wrong, how to fix it); with ``ids``
    (the rows' id column, e.g. ``measure_id``, of one table) the file is left out and each row's
    id shown instead."""
    frame = ValidationReport(list(problems)).to_frame().drop(columns=["severity"])
    if ids is not None and key:
        frame = frame.drop(columns=["file"])
        frame.insert(
            1, key, [ids.iloc[int(r) - 2] if pd.notna(r) and 2 <= int(r) < len(ids) + 2 else "" for r in frame["row"]]
        )
    return frame


def problem_line(p: Problem, id_value: str = "", with_file: bool = True) -> str:
    """One problem as a Markdown list item: where (file, row, id, column), the bad value, what is
    wrong, how to fix it. Every piece of data is escaped."""
    where = [f"**{md(p.file)}**"] if with_file else []
    where.append(_("row {n}").format(n=p.row) if p.row is not None else _("whole file"))
    if id_value:
        where.append(md(id_value))
    if p.column:
        where.append(_("column **{name}**").format(name=md(p.column)))
    if p.value:
        where.append(_("value “{value}”").format(value=md(p.value)))
    return "- " + _("{where}: {message}. **Fix:** {fix}").format(
        where=" · ".join(where), message=md(p.sentence), fix=md(p.fix)
    )


def show_problems(
    problems: list[Problem], key: str, ids: pd.Series | None = None, id_column: str | None = None
) -> None:
    """Errors and warnings apart, each as a readable list (the first :data:`LISTED`) and as a
    sortable table of all of them."""
    groups = (
        (ERROR, _("Errors"), _("each row with an error is left out of the dashboard")),
        (WARNING, _("Warnings"), _("the rows are kept; worth a look")),
    )
    for severity, title, meaning in groups:
        group = [p for p in problems if p.severity == severity]
        if not group:
            continue
        st.markdown(f"**{title} — {len(group)}** ({meaning})")
        lines = []
        for p in group[:LISTED]:
            id_value = (
                str(ids.iloc[p.row - 2]) if ids is not None and p.row is not None and 2 <= p.row < len(ids) + 2 else ""
            )
            lines.append(problem_line(p, id_value, with_file=ids is None))
        if len(group) > LISTED:
            lines.append("- " + _("… and {n} more in the table below").format(n=len(group) - LISTED))
        st.markdown("\n".join(lines))
        with st.expander(_("{title} as a table (sort, search, copy)").format(title=title), icon=":material/table:"):
            st.dataframe(
                safe.table(problems_frame(group, ids, id_column)),
                hide_index=True,
                key=f"{key}-{severity}s",
                column_config=problem_config(),
                placeholder="",
            )


# --- the editor --------------------------------------------------------------------------------

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


def column_config(table: Table, columns: list[str]) -> dict:
    """Editor columns: text cells with a help text saying what each column takes."""
    config = {}
    for name in columns:
        col = table.col(name) if name in table.column_names else None
        if col is None:
            text = _("not a column of this table: kept in the file, not shown in the dashboard")
        else:
            text = (
                _("one of: {values}").format(values=", ".join(col.values))
                if col.kind == "enum"
                else _(_KIND_HELP.get(col.kind, N_("text")))
            )
            text += " " + (_("(required)") if col.required else _("(optional)"))
            text += _("; unique") if col.unique else ""
        config[name] = st.column_config.TextColumn(name, help=text)
    return config


def _state(name: str) -> dict:
    """The editor's session state for table ``name``: loaded (editing.Loaded, the version on disk
    the edits start from), input (frame the editor widget was created with), work (the edited
    frame), version (bumped whenever the widget must start afresh)."""
    return st.session_state.setdefault("_editors", {}).setdefault(name, {})


def _reload(name: str, folder) -> None:
    s = _state(name)
    s.clear()
    s["loaded"] = editing.load(folder, name)
    s["input"] = s["loaded"].frame
    s["work"] = s["loaded"].frame
    s["version"] = st.session_state.get("_editor_seq", 0) + 1
    st.session_state["_editor_seq"] = s["version"]


def dirty(name: str) -> bool:
    """True if the editor of table ``name`` holds changes that are not saved."""
    s = st.session_state.get("_editors", {}).get(name, {})
    return "loaded" in s and not s["work"].equals(s["loaded"].frame)


def on_save(name: str, folder, key: str) -> None:
    """The save button's callback: :func:`save_edits`, with any unexpected failure logged and
    reported as a message (never a traceback)."""
    try:
        save_edits(name, folder, key)
    except Exception:
        LOG.exception("saving %s failed", name)
        st.session_state["_edit_flash"] = (
            "error",
            _("Not saved: an unexpected problem occurred while saving {file}. Your edits are still here.").format(
                file=f"{name}.csv"
            ),
        )


def save_edits(name: str, folder, key: str) -> None:
    """The save callback. Checks the permission again (a viewer never gets here through widget
    state or the URL), rebuilds the edited rows from the editor's state, refuses rows with errors
    unless the analyst ticked the box, then writes through :func:`tightrope.editing.save`. The
    outcome is shown as a message on the next run."""
    allowed, _settings, user = edit_access()
    if not allowed:
        st.session_state["_edit_flash"] = ("error", _("You are not allowed to edit; nothing was saved."))
        return
    s = _state(name)
    if "loaded" not in s:
        return
    loaded: editing.Loaded = s["loaded"]
    edited = editing.normalise(editing.apply_edits(s["input"], st.session_state.get(key)), loaded.columns)
    errors = [
        p
        for p in editing.check(folder, name, edited, loaded.columns)
        if p.file == f"{name}.csv" and p.severity == ERROR
    ]
    if errors and not st.session_state.get(f"confirm-{name}"):
        st.session_state["_edit_flash"] = (
            "error",
            _("Not saved: {n} problem(s) remain. Fix them, or tick the box to save anyway.").format(n=len(errors)),
        )
        return
    try:
        saved = editing.save(
            folder, name, edited, loaded.sha256, columns=loaded.columns, bom=loaded.bom, newline=loaded.newline
        )
    except editing.Conflict:
        st.session_state["_edit_flash"] = (
            "error",
            _(
                "Not saved: {file} changed on disk since you opened it. Your edits are still here; see below what changed."
            ).format(file=f"{name}.csv"),
        )
        return
    except OSError as exc:
        LOG.exception("saving %s failed", name)
        st.session_state["_edit_flash"] = (
            "error",
            _("Not saved: the file could not be written ({why}). Your edits are still here.").format(
                why=exc.strerror or _("write error")
            ),
        )
        return
    who = user.get("email") or "local editor"
    LOG.info("%s saved %s (%d rows, backup %s)", who, saved.path, saved.rows, saved.backup)
    _reload(name, folder)
    if saved.changed:
        where = (
            " " + _("The previous version is in {path}.").format(path=f"{saved.backup.parent.name}/{saved.backup.name}")
            if saved.backup
            else ""
        )
        st.session_state["_edit_flash"] = (
            "success",
            _("Saved {file} ({n} rows) at {time}.").format(
                file=f"{name}.csv", n=saved.rows, time=f"{datetime.now():%H:%M:%S}"
            )
            + where,
        )
    else:
        st.session_state["_edit_flash"] = (
            "info",
            _("{file} already had this content; nothing was written.").format(file=f"{name}.csv"),
        )


def on_discard(name: str, folder) -> None:
    """Throw the editor's changes away and load the file as it is on disk now."""
    try:
        _reload(name, folder)
    except Unreadable:
        _state(name).clear()


def editor(table: Table, folder) -> None:
    """The editor of one table: every raw row of the file (bad ones too), problems as they would be
    saved, changes made on disk meanwhile, and the save button."""
    name = table.name
    s = _state(name)
    if "loaded" not in s:
        try:
            _reload(name, folder)
        except Unreadable as exc:
            s.clear()
            st.error(
                _("{file} cannot be edited here until it can be read: {message}. Fix: {fix}").format(
                    file=md(table.file), message=md(exc.problem.sentence), fix=md(exc.problem.fix)
                ),
                icon=":material/error:",
            )
            return
    loaded: editing.Loaded = s["loaded"]
    key = f"editor-{name}-{s['version']}"
    if key not in st.session_state and not s["work"].equals(s["input"]):
        # the widget's own state was dropped (another table or page was shown): start a new
        # widget from the edited rows, so no edit is lost
        s["version"] = st.session_state.get("_editor_seq", 0) + 1
        st.session_state["_editor_seq"] = s["version"]
        s["input"] = s["work"]
        key = f"editor-{name}-{s['version']}"
    # the rows as edited up to this interaction (the widget's state is newer than s["work"])
    current = editing.normalise(editing.apply_edits(s["input"], st.session_state.get(key)), loaded.columns)

    on_disk = editing.sha256_of(folder, name)
    changed_on_disk = on_disk != loaded.sha256
    if changed_on_disk and current.equals(loaded.frame):
        try:
            _reload(name, folder)
        except Unreadable:
            pass
        else:
            st.session_state["_edit_flash"] = (
                "info",
                _("{file} changed on disk; the editor shows the new version.").format(file=table.file),
            )
            st.rerun()

    st.caption(
        _(
            "Every row of {file} as text, rows with problems included so you can fix them. Add rows at the bottom; select rows to delete them. Nothing is written until you press Save; your changes stay here while this browser tab is open."
        ).format(file=md(table.file))
    )
    height = min(420, 35 * (len(s["input"]) + 3) + 3)  # short tables get a short editor, with room for new rows
    edited = st.data_editor(
        s["input"],
        key=key,
        num_rows="dynamic",
        hide_index=True,
        column_config=column_config(table, loaded.columns),
        height=height,
    )
    work = editing.normalise(edited, loaded.columns)
    s["work"] = work
    is_dirty = not work.equals(loaded.frame)

    if changed_on_disk:
        st.warning(
            _(
                "**{file} changed on disk since you opened it** (another analyst or a spreadsheet saved it). Saving is refused so neither change is lost. Download your version, then start again from the new one and re-apply your changes."
            ).format(file=md(table.file)),
            icon=":material/sync_problem:",
        )
        try:
            now = editing.load(folder, name)
            st.markdown(_("**What changed on disk** (since you opened the file)"))
            st.dataframe(
                safe.table(editing.diff_rows(loaded.frame, now.frame, table)), hide_index=True, key=f"diff-disk-{name}"
            )
        except Unreadable as exc:
            st.error(
                _("The new version cannot be read: {message}").format(message=md(exc.problem.message)),
                icon=":material/error:",
            )
        c1, c2 = st.columns(2)
        c1.download_button(
            _("Download my version"),
            editing.to_csv_text(work, loaded.columns).encode("utf-8"),
            file_name=f"{name}-mine.csv",
            mime="text/csv",
            key=f"mine-{name}",
            icon=":material/download:",
            on_click="ignore",
        )
        c2.button(
            _("Discard my changes and load the new version"),
            key=f"discard-{name}",
            icon=":material/restart_alt:",
            on_click=on_discard,
            args=(name, folder),
        )

    problems = editing.check(folder, table, work, loaded.columns)
    own = [p for p in problems if p.file == table.file]
    others = [p for p in problems if p.file != table.file]
    errors = [p for p in own if p.severity == ERROR]
    if is_dirty:
        changes = editing.diff_rows(loaded.frame, work, table)
        with st.expander(_("Your changes: {n}").format(n=len(changes)), expanded=False, icon=":material/difference:"):
            st.dataframe(safe.table(changes), hide_index=True, key=f"diff-mine-{name}")
    if own:
        st.markdown(_("**Problems in this table as it would be saved** (rows numbered as in the saved file)"))
        show_problems(own, f"edit-{name}", work[table.key] if table.key else None, table.key)
    else:
        st.success(_("{file} as edited has no problems.").format(file=table.file), icon=":material/check_circle:")
    if others:
        st.warning(
            _("Saving would leave out {n} row(s) of other tables, e.g. rows that cite a source you removed:").format(
                n=len(others)
            ),
            icon=":material/link_off:",
        )
        show_problems(others, f"edit-{name}-others")

    confirm = True
    if errors and is_dirty:
        confirm = st.checkbox(
            _("Save although {n} problem(s) remain (those rows stay out of the dashboard until fixed)").format(
                n=len(errors)
            ),
            key=f"confirm-{name}",
        )
    c1, c2 = st.columns([1, 3])
    c1.button(
        _("Save"),
        key=f"save-{name}",
        type="primary",
        icon=":material/save:",
        disabled=not is_dirty or changed_on_disk or not confirm,
        on_click=on_save,
        args=(name, folder, key),
    )
    if is_dirty and not changed_on_disk:
        c2.button(
            _("Discard my changes"),
            key=f"revert-{name}",
            icon=":material/undo:",
            on_click=on_discard,
            args=(name, folder),
        )


def edit_section(table: Table, folder, allowed: bool, settings: access.EditSettings, user: dict) -> None:
    """The editor for editors; for everyone else, how to get access (login) or nothing."""
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
                st.error(_("Login is not available on this server (see the server log)."), icon=":material/error:")
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
                "Editing in the browser is off on this server (see the README, *Editing in the browser*); the data is read-only here."
            )
        )


# --- the page ----------------------------------------------------------------------------------

view = session.current()
ds = view.ds
report = ds.report
st.title(_("Data"))
st.caption(
    _(
        "Data folder: {folder} · {summary} · `python -m tightrope validate` prints the same report in a terminal."
    ).format(folder=md(ds.folder.name), summary=report.summary())
)
# Conditional content sits in containers, so the elements after it keep their place in the page
# (and the Browse/Edit tabs keep the one the analyst chose) when a message comes or goes.
flash = st.session_state.pop("_edit_flash", None)
with st.container():
    if flash:
        getattr(st, flash[0])(md(flash[1]))

st.subheader(_("Problems"))
with st.container():
    if report.ok and not report.warnings:
        st.success(_("Every table validates: no errors, no warnings."), icon=":material/check_circle:")
    else:
        st.caption(
            _(
                "Each problem names the file, the row as a spreadsheet shows it (header = row 1), the column, the bad value, what is wrong and how to fix it."
            )
        )
        show_problems(report.problems, "table-problems")

st.subheader(_("Tables"))
counts = pd.DataFrame(
    [
        {
            _("table"): t.file,
            _("rows shown"): len(ds.tables[name]),
            _("errors"): sum(p.severity == ERROR for p in report.for_file(t.file)),
            _("warnings"): sum(p.severity == WARNING for p in report.for_file(t.file)),
            _("status"): _("last version that loaded") if t.file in ds.fallbacks else "",
        }
        for name, t in TABLES.items()
    ]
)
st.dataframe(counts, hide_index=True, key="table-counts", width="content")
st.caption(
    _("Download a table (the rows the dashboard shows; cells a spreadsheet would run as formulas are neutralised):")
)
grid = st.columns(4)
for i, (name, frame) in enumerate(ds.tables.items()):
    with grid[i % 4]:
        download(frame, name, label=f"{name}.csv", key=f"dl-all-{name}")

st.subheader(_("Japanese translation"))
missing = localized.missing_counts(ds.tables)
n_missing = int(missing["missing"].sum()) if not missing.empty else 0
st.caption(
    _(
        "Rows whose free text has no Japanese counterpart yet ({n} cells): in Japanese they show the English text marked {mark}."
    ).format(n=n_missing, mark=localized.MISSING_MARK)
)
st.dataframe(missing, hide_index=True, key="table-translation", width="content", column_config=table_config(missing))

names = list(TABLES)
allowed, settings, user = edit_access()

choice = st.selectbox(_("Table"), names, key="data-table", format_func=lambda n: f"{n}.csv")
unsaved = [f"{n}.csv" for n in names if allowed and dirty(n)]
with st.container():
    if unsaved:
        st.caption(_("Unsaved changes in: {files}.").format(files=md(", ".join(unsaved))))
table = TABLES[choice]
frame = ds.tables[choice]
tabs = st.tabs([_("Browse"), _("Edit")], key="data-mode") if allowed else [st.container()]
with tabs[0]:
    needle = st.text_input(
        _("Show rows containing"), key="data-filter", max_chars=200, placeholder=_("any text, e.g. JPN or steel")
    )
    shown = frame
    if needle.strip():
        text = frame.drop(columns=["_row"]).astype(str)
        mask = text.apply(lambda col: col.str.contains(needle.strip(), case=False, regex=False)).any(axis=1)
        shown = frame[mask]
    dates = {
        c.name: st.column_config.DateColumn(c.name, format=i18n.moment_day()) for c in table.columns if c.kind == "date"
    }
    st.dataframe(
        safe.table(shown.rename(columns={"_row": "row"})),
        hide_index=True,
        key="table-browse",
        column_config={"row": st.column_config.NumberColumn(_("row"), format="%d"), **dates},
    )
    c1, c2 = st.columns(2)
    with c1:
        download(frame, choice, label=_("All {n} rows").format(n=len(frame)), key=f"dl-browse-all-{choice}")
    with c2:
        download(
            shown,
            f"{choice}-filtered",
            label=_("The {n} rows shown").format(n=len(shown)),
            key=f"dl-browse-shown-{choice}",
        )


def safe_edit_section() -> None:
    """The editing section; an unexpected failure (e.g. the data folder is not readable) is
    logged for the deployer and shown as a short message, never as a traceback."""
    try:
        edit_section(table, ds.folder, allowed, settings, user)
    except Exception:
        LOG.exception("the editor of %s failed", table.file)
        st.error(
            _("The editor hit an unexpected problem; nothing was written. The server log has the details."),
            icon=":material/error:",
        )


if allowed:
    with tabs[1]:
        safe_edit_section()
else:
    st.subheader(_("Editing"))
    safe_edit_section()
