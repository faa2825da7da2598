"""Data: the validation report, every table to browse and download, how many rows still lack a
Japanese translation, and (for editors) an editor per table that validates before saving, writes
atomically with a backup, and refuses to overwrite a change saved by someone else since the editor
loaded the file.

The problem list is :mod:`components.problems`, the editor :mod:`components.table_editor`; who may
edit is decided by :func:`tightrope.access.can_edit` from the deployer's configuration
(``.streamlit/secrets.toml`` and ``TIGHTROPE_EDIT``, see README).
"""

from __future__ import annotations

import streamlit as st

from components import problems, safe, session, table_editor
from components.blocks import EMPTY_CELL, download, table_config
from components.safe import md
from tightrope import i18n, localized, queries
from tightrope.i18n import gettext as _
from tightrope.schema import TABLES

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
with st.container():
    table_editor.show_flash()

st.subheader(_("Problems"))
with st.container():
    if report.ok and not report.warnings:
        st.success(_("Every table validates: no errors, no warnings."), icon=":material/check_circle:")
    else:
        st.caption(
            _(
                "Each problem names the file, the row as a spreadsheet shows it (header "
                "= row 1), the column, the bad value, what is wrong and how to fix it."
            )
        )
        problems.show(report.problems, "table-problems")

st.subheader(_("Tables"))
st.dataframe(queries.table_counts(ds), hide_index=True, placeholder=EMPTY_CELL, key="table-counts", width="content")
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
        "Rows whose free text has no Japanese counterpart yet ({n} "
        "cells): in Japanese they show the English text marked {mark}."
    ).format(n=n_missing, mark=localized.MISSING_MARK)
)
st.dataframe(
    missing,
    hide_index=True,
    placeholder=EMPTY_CELL,
    key="table-translation",
    width="content",
    column_config=table_config(missing),
)

allowed, settings, user = table_editor.edit_access()
choice = st.selectbox(
    _("Table"),
    list(TABLES),
    key="data-table",
    format_func=lambda n: f"{n}.csv",
    placeholder=_("Choose an option"),
)
with st.container():
    if unsaved := table_editor.unsaved(allowed):
        st.caption(_("Unsaved changes in: {files}.").format(files=md(", ".join(unsaved))))
table = TABLES[choice]
frame = ds.tables[choice]
tabs = st.tabs([_("Browse"), _("Edit")], key="data-mode") if allowed else [st.container()]
with tabs[0]:
    needle = st.text_input(
        _("Show rows containing"), key="data-filter", max_chars=200, placeholder=_("any text, e.g. JPN or steel")
    )
    shown = queries.rows_containing(frame, needle)
    dates = {
        c.name: st.column_config.DateColumn(c.name, format=i18n.moment_day()) for c in table.columns if c.kind == "date"
    }
    st.dataframe(
        safe.table(shown.rename(columns={"_row": "row"})),
        hide_index=True,
        placeholder=EMPTY_CELL,
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

if allowed:
    with tabs[1]:
        table_editor.edit_section(table, ds.folder, allowed, settings, user)
else:
    st.subheader(_("Editing"))
    table_editor.edit_section(table, ds.folder, allowed, settings, user)
