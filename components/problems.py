"""The problems component: a list of data problems (file, row, id, column, bad value, what is wrong,
how to fix it), errors and warnings apart, as readable text and as a sortable table. Used by the
Data page for the whole report and by the table editor for a table as it would be saved."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import safe
from components.safe import md
from tightrope.i18n import gettext as _
from tightrope.validation import ERROR, WARNING, Problem, ValidationReport


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


def _id_of(ids: pd.Series | None, row) -> str:
    """The id (e.g. ``measure_id``) of spreadsheet row ``row`` (header = row 1), or ``""``."""
    if ids is None or row is None or pd.isna(row) or not 2 <= int(row) < len(ids) + 2:
        return ""
    return str(ids.iloc[int(row) - 2])


def problems_frame(problems: list[Problem], ids: pd.Series | None = None, key: str | None = None) -> pd.DataFrame:
    """Problems as a table (file, row, column, value, what is wrong, how to fix it); with ``ids``
    (the rows' id column, e.g. ``measure_id``, of one table) the file is left out and each row's
    id shown instead."""
    frame = ValidationReport(list(problems)).to_frame().drop(columns=["severity"])
    if ids is not None and key:
        frame = frame.drop(columns=["file"])
        frame.insert(1, key, [_id_of(ids, r) for r in frame["row"]])
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


def show(problems: list[Problem], key: str, ids: pd.Series | None = None, id_column: str | None = None) -> None:
    """Errors and warnings apart, each as a readable list (the first :data:`LISTED`) and as a
    sortable table of all of them. ``key`` prefixes the tables' widget keys; with ``ids`` (one
    table's id column) each problem names its row's id instead of the file."""
    groups = (
        (ERROR, _("Errors"), _("each row with an error is left out of the dashboard")),
        (WARNING, _("Warnings"), _("the rows are kept; worth a look")),
    )
    for severity, title, meaning in groups:
        group = [p for p in problems if p.severity == severity]
        if not group:
            continue
        st.markdown(f"**{title} — {len(group)}** ({meaning})")
        lines = [problem_line(p, _id_of(ids, p.row), with_file=ids is None) for p in group[:LISTED]]
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
