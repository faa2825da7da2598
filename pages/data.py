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
from components.blocks import download
from components.safe import md
from tightrope import access, editing
from tightrope.reading import Unreadable
from tightrope.schema import TABLES, Table
from tightrope.validation import ERROR, WARNING, Problem, ValidationReport

LOG = logging.getLogger("tightrope.data")
PROBLEM_CONFIG = {
    "row": st.column_config.NumberColumn(
        "row", format="%d", help="Row as a spreadsheet shows it (header = row 1); empty for the whole file"
    ),
    "value": st.column_config.TextColumn("bad value"),
    "message": st.column_config.TextColumn("what is wrong", width="large"),
    "fix": st.column_config.TextColumn("how to fix it", width="large"),
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
    where.append(f"row {p.row}" if p.row is not None else "whole file")
    if id_value:
        where.append(md(id_value))
    if p.column:
        where.append(f"column **{md(p.column)}**")
    if p.value:
        where.append(f"value “{md(p.value)}”")
    return f"- {' · '.join(where)}: {md(p.message)}. **Fix:** {md(p.fix)}"


def show_problems(
    problems: list[Problem], key: str, ids: pd.Series | None = None, id_column: str | None = None
) -> None:
    """Errors and warnings apart, each as a readable list (the first :data:`LISTED`) and as a
    sortable table of all of them."""
    groups = (
        (ERROR, "Errors", "each row with an error is left out of the dashboard"),
        (WARNING, "Warnings", "the rows are kept; worth a look"),
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
            lines.append(f"- … and {len(group) - LISTED} more in the table below")
        st.markdown("\n".join(lines))
        with st.expander(f"{title} as a table (sort, search, copy)", icon=":material/table:"):
            st.dataframe(
                safe.table(problems_frame(group, ids, id_column)),
                hide_index=True,
                key=f"{key}-{severity}s",
                column_config=PROBLEM_CONFIG,
                placeholder="",
            )


# --- the editor --------------------------------------------------------------------------------

_KIND_HELP = {
    "date": "a date written YYYY-MM-DD",
    "number": "a plain number: digits and an optional decimal point, no % sign, no thousands separators",
    "lat": "latitude in decimal degrees (-90 to 90)",
    "lon": "longitude in decimal degrees (-180 to 180)",
    "year": "a four-digit calendar year",
    "iso3": "an ISO 3166-1 alpha-3 country code such as JPN",
    "iso3_or_group": "an ISO alpha-3 code, or ALL, ASEAN, WORLD, EU",
    "url": "a full http:// or https:// address",
    "slug": "lower-case letters, digits, - or _",
    "slugs": "slugs separated by ;",
}


def column_config(table: Table, columns: list[str]) -> dict:
    """Editor columns: text cells with a help text saying what each column takes."""
    config = {}
    for name in columns:
        col = table.col(name) if name in table.column_names else None
        if col is None:
            text = "not a column of this table: kept in the file, not shown in the dashboard"
        else:
            text = "one of: " + ", ".join(col.values) if col.kind == "enum" else _KIND_HELP.get(col.kind, "text")
            text += " (required)" if col.required else " (optional)"
            text += "; unique" if col.unique else ""
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
            f"Not saved: an unexpected problem occurred while saving {name}.csv. Your edits are still here.",
        )


def save_edits(name: str, folder, key: str) -> None:
    """The save callback. Checks the permission again (a viewer never gets here through widget
    state or the URL), rebuilds the edited rows from the editor's state, refuses rows with errors
    unless the analyst ticked the box, then writes through :func:`tightrope.editing.save`. The
    outcome is shown as a message on the next run."""
    allowed, _, user = edit_access()
    if not allowed:
        st.session_state["_edit_flash"] = ("error", "You are not allowed to edit; nothing was saved.")
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
            f"Not saved: {len(errors)} problem(s) remain. Fix them, or tick the box to save anyway.",
        )
        return
    try:
        saved = editing.save(
            folder, name, edited, loaded.sha256, columns=loaded.columns, bom=loaded.bom, newline=loaded.newline
        )
    except editing.Conflict:
        st.session_state["_edit_flash"] = (
            "error",
            f"Not saved: {name}.csv changed on disk since you opened it. Your edits are still here; see below what changed.",
        )
        return
    except OSError as exc:
        LOG.exception("saving %s failed", name)
        st.session_state["_edit_flash"] = (
            "error",
            f"Not saved: the file could not be written ({exc.strerror or 'write error'}). Your edits are still here.",
        )
        return
    who = user.get("email") or "local editor"
    LOG.info("%s saved %s (%d rows, backup %s)", who, saved.path, saved.rows, saved.backup)
    _reload(name, folder)
    if saved.changed:
        where = f" The previous version is in {saved.backup.parent.name}/{saved.backup.name}." if saved.backup else ""
        st.session_state["_edit_flash"] = (
            "success",
            f"Saved {name}.csv ({saved.rows} rows) at {datetime.now():%H:%M:%S}.{where}",
        )
    else:
        st.session_state["_edit_flash"] = ("info", f"{name}.csv already had this content; nothing was written.")


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
                f"{md(table.file)} cannot be edited here until it can be read: {md(exc.problem.message)}. Fix: {md(exc.problem.fix)}",
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
                f"{table.file} changed on disk; the editor shows the new version.",
            )
            st.rerun()

    st.caption(
        f"Every row of {md(table.file)} as text, rows with problems included so you can fix them. Add rows at the bottom; select rows "
        "to delete them. Nothing is written until you press Save; your changes stay here while this browser tab is open."
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
            f"**{md(table.file)} changed on disk since you opened it** (another analyst or a spreadsheet saved it). Saving is refused so "
            "neither change is lost. Download your version, then start again from the new one and re-apply your changes.",
            icon=":material/sync_problem:",
        )
        try:
            now = editing.load(folder, name)
            st.markdown("**What changed on disk** (since you opened the file)")
            st.dataframe(
                safe.table(editing.diff_rows(loaded.frame, now.frame, table)), hide_index=True, key=f"diff-disk-{name}"
            )
        except Unreadable as exc:
            st.error(f"The new version cannot be read: {md(exc.problem.message)}", icon=":material/error:")
        c1, c2 = st.columns(2)
        c1.download_button(
            "Download my version",
            editing.to_csv_text(work, loaded.columns).encode("utf-8"),
            file_name=f"{name}-mine.csv",
            mime="text/csv",
            key=f"mine-{name}",
            icon=":material/download:",
            on_click="ignore",
        )
        c2.button(
            "Discard my changes and load the new version",
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
        with st.expander(f"Your changes: {len(changes)}", expanded=False, icon=":material/difference:"):
            st.dataframe(safe.table(changes), hide_index=True, key=f"diff-mine-{name}")
    if own:
        st.markdown("**Problems in this table as it would be saved** (rows numbered as in the saved file)")
        show_problems(own, f"edit-{name}", work[table.key] if table.key else None, table.key)
    else:
        st.success(f"{table.file} as edited has no problems.", icon=":material/check_circle:")
    if others:
        st.warning(
            f"Saving would leave out {len(others)} row(s) of other tables, e.g. rows that cite a source you removed:",
            icon=":material/link_off:",
        )
        show_problems(others, f"edit-{name}-others")

    confirm = True
    if errors and is_dirty:
        confirm = st.checkbox(
            f"Save although {len(errors)} problem(s) remain (those rows stay out of the dashboard until fixed)",
            key=f"confirm-{name}",
        )
    c1, c2 = st.columns([1, 3])
    c1.button(
        "Save",
        key=f"save-{name}",
        type="primary",
        icon=":material/save:",
        disabled=not is_dirty or changed_on_disk or not confirm,
        on_click=on_save,
        args=(name, folder, key),
    )
    if is_dirty and not changed_on_disk:
        c2.button(
            "Discard my changes", key=f"revert-{name}", icon=":material/undo:", on_click=on_discard, args=(name, folder)
        )


def edit_section(table: Table, folder, allowed: bool, settings: access.EditSettings, user: dict) -> None:
    """The editor for editors; for everyone else, how to get access (login) or nothing."""
    if allowed:
        editor(table, folder)
        return
    if settings.auth and settings.editors and user.get("is_logged_in") is not True:
        st.caption("Analysts on the editors list can log in to edit the tables here.")
        if st.button("Log in to edit", key="edit-login", icon=":material/login:"):
            try:
                st.login()
            except Exception:  # Authlib missing or [auth] incomplete: tell the deployer in the log
                LOG.exception("st.login failed")
                st.error("Login is not available on this server (see the server log).", icon=":material/error:")
    elif user.get("is_logged_in") is True:
        st.caption(
            f"Signed in as {md(user.get('email', ''))}, who is not on this server's editors list; the data is read-only."
        )
        if st.button("Log out", key="edit-logout", icon=":material/logout:"):
            st.logout()
    else:
        st.caption(
            "Editing in the browser is off on this server (see the README, *Editing in the browser*); the data is read-only here."
        )


# --- the page ----------------------------------------------------------------------------------

view = session.current()
ds = view.ds
report = ds.report
st.title("Data")
st.caption(
    f"Data folder: {md(ds.folder.name)} · {report.summary()} · `python -m tightrope validate` prints the same report in a terminal."
)
# Conditional content sits in containers, so the elements after it keep their place in the page
# (and the Browse/Edit tabs keep the one the analyst chose) when a message comes or goes.
flash = st.session_state.pop("_edit_flash", None)
with st.container():
    if flash:
        getattr(st, flash[0])(md(flash[1]))

st.subheader("Problems")
with st.container():
    if report.ok and not report.warnings:
        st.success("Every table validates: no errors, no warnings.", icon=":material/check_circle:")
    else:
        st.caption(
            "Each problem names the file, the row as a spreadsheet shows it (header = row 1), the column, the bad value, what is wrong and how to fix it."
        )
        show_problems(report.problems, "table-problems")

st.subheader("Tables")
counts = pd.DataFrame(
    [
        {
            "table": t.file,
            "rows shown": len(ds.tables[name]),
            "errors": sum(p.severity == ERROR for p in report.for_file(t.file)),
            "warnings": sum(p.severity == WARNING for p in report.for_file(t.file)),
            "status": "last version that loaded" if t.file in ds.fallbacks else "",
        }
        for name, t in TABLES.items()
    ]
)
st.dataframe(counts, hide_index=True, key="table-counts", width="content")
st.caption(
    "Download a table (the rows the dashboard shows; cells a spreadsheet would run as formulas are neutralised):"
)
grid = st.columns(4)
for i, (name, frame) in enumerate(ds.tables.items()):
    with grid[i % 4]:
        download(frame, name, label=f"{name}.csv", key=f"dl-all-{name}")

names = list(TABLES)
allowed, settings, user = edit_access()

choice = st.selectbox("Table", names, key="data-table", format_func=lambda n: f"{n}.csv")
unsaved = [f"{n}.csv" for n in names if allowed and dirty(n)]
with st.container():
    if unsaved:
        st.caption(f"Unsaved changes in: {md(', '.join(unsaved))}.")
table = TABLES[choice]
frame = ds.tables[choice]
tabs = st.tabs(["Browse", "Edit"], key="data-mode") if allowed else [st.container()]
with tabs[0]:
    needle = st.text_input(
        "Show rows containing", key="data-filter", max_chars=200, placeholder="any text, e.g. JPN or steel"
    )
    shown = frame
    if needle.strip():
        text = frame.drop(columns=["_row"]).astype(str)
        mask = text.apply(lambda col: col.str.contains(needle.strip(), case=False, regex=False)).any(axis=1)
        shown = frame[mask]
    dates = {
        c.name: st.column_config.DateColumn(c.name, format="YYYY-MM-DD") for c in table.columns if c.kind == "date"
    }
    st.dataframe(
        safe.table(shown.rename(columns={"_row": "row"})),
        hide_index=True,
        key="table-browse",
        column_config={"row": st.column_config.NumberColumn("row", format="%d"), **dates},
    )
    c1, c2 = st.columns(2)
    with c1:
        download(frame, choice, label=f"All {len(frame)} rows", key=f"dl-browse-all-{choice}")
    with c2:
        download(shown, f"{choice}-filtered", label=f"The {len(shown)} rows shown", key=f"dl-browse-shown-{choice}")


def safe_edit_section() -> None:
    """The editing section; an unexpected failure (e.g. the data folder is not readable) is
    logged for the deployer and shown as a short message, never as a traceback."""
    try:
        edit_section(table, ds.folder, allowed, settings, user)
    except Exception:
        LOG.exception("the editor of %s failed", table.file)
        st.error(
            "The editor hit an unexpected problem; nothing was written. The server log has the details.",
            icon=":material/error:",
        )


if allowed:
    with tabs[1]:
        safe_edit_section()
else:
    st.subheader("Editing")
    safe_edit_section()
