"""The data rules turned into problems: pandera's failure cases of the cell schema, of the rules
across the cells of a row (both defined in :mod:`tightrope.schema`), and the rules across tables
(sources cited, countries known, the exposure and scenario tables' own rules).

:func:`validate_frame` runs a table's pandera schema over an all-text frame; :func:`cross_checks`
runs the row rules (:func:`broken_row_rules`) over the rows whose cells passed, then the rules
across tables. Both return :class:`~tightrope.validation.Problem` lists with the
spreadsheet row, so :mod:`tightrope.store` (loading) and :mod:`tightrope.editing` (checking an edit
before it is saved) report exactly the same problems.
"""

from __future__ import annotations

import pandas as pd
import pandera.errors as pa_errors

from tightrope import exposure_checks, scenario_checks, schema
from tightrope.fullwidth import read_numbers
from tightrope.i18n import gettext as _
from tightrope.reading import ROW
from tightrope.schema import TABLES, Table
from tightrope.validation import ERROR, WARNING, Problem, explain


def validate_frame(frame: pd.DataFrame, table: Table) -> tuple[pd.DataFrame, list[Problem]]:
    """Validate an all-``str`` frame (with ``_row``) against the table's pandera schema.

    Returns ``(valid_rows, problems)``: rows with any failing cell are dropped and reported,
    one :class:`Problem` per failing cell. Numbers typed in full-width characters are read as
    half-width first, with a warning each (:func:`tightrope.fullwidth.read_numbers`).
    """
    if frame.empty:
        return frame, []
    frame, problems = read_numbers(frame, table)
    try:
        schema.to_pandera(table).validate(frame, lazy=True)
        return frame, problems
    except pa_errors.SchemaErrors as exc:
        cases = exc.failure_cases
    bad: set = set()
    for case in cases.itertuples(index=False):
        idx = case.index
        column = case.column if isinstance(case.column, str) else ""
        col = table.col(column) if column in table.column_names else None
        value = "" if pd.isna(case.failure_case) else str(case.failure_case)
        check = str(case.check)
        if idx is None or pd.isna(idx):
            problems.append(
                Problem(table.file, None, column, value, _("failed {check}").format(check=check), _("check the column"))
            )
            continue
        row = int(frame.at[idx, ROW])
        if check == "field_uniqueness":
            # pandera reports every row after the first that holds the value (report_duplicates)
            first = int(frame.loc[frame[column] == frame.at[idx, column], ROW].min())
            problems.append(
                Problem(
                    table.file,
                    row,
                    column,
                    value,
                    _("is already used in row {first}; {column} must be unique").format(first=first, column=column),
                    _("give this row its own {column}, or delete it if it repeats row {first}").format(
                        column=column, first=first
                    ),
                )
            )
            bad.add(idx)
            continue
        message, fix = explain(check, value, col, table)
        problems.append(Problem(table.file, row, column, value, message, fix))
        bad.add(idx)
    return frame.drop(index=list(bad)), problems


def broken_row_rules(frame: pd.DataFrame, table: Table) -> list[tuple[object, schema.RowRule]]:
    """``(index label, rule)`` for every row of the all-text ``frame`` that breaks one of the
    table's rules across cells (:attr:`~tightrope.schema.Table.rules`), in the order of the rules,
    then of the rows. pandera runs them (:func:`~tightrope.schema.row_schema`, lazily: every broken
    rule of every row); each failure case names the check and the row's index label."""
    if not table.rules or frame.empty:
        return []
    try:
        schema.row_schema(table).validate(frame, lazy=True)
        return []
    except pa_errors.SchemaErrors as exc:
        cases = exc.failure_cases
    by_name = {rule.name: rule for rule in table.rules}
    # a DataFrame-level check lists each cell of a failing row: one entry per (check, row) is kept
    broken = cases.loc[cases["check"].isin(by_name) & cases["index"].notna(), ["check", "index"]].drop_duplicates()
    order = {name: i for i, name in enumerate(by_name)}
    position = {label: i for i, label in enumerate(frame.index)}
    pairs = sorted(broken.itertuples(index=False), key=lambda c: (order[c.check], position[c.index]))
    return [(frame.index[position[c.index]], by_name[c.check]) for c in pairs]


def cross_checks(text: dict[str, pd.DataFrame]) -> tuple[list[Problem], dict[str, set]]:
    """Rules across tables and across columns of a row. Returns problems and, per table, the
    index labels of rows to leave out (errors)."""
    problems: list[Problem] = []
    drop: dict[str, set] = {name: set() for name in text}
    source_ids = set(text["sources"]["source_id"]) if "sources" in text else set()
    country_codes = set(text["countries"]["iso3"]) if "countries" in text else set()

    def err(name, idx, column, value, message, fix, severity=ERROR):
        frame = text[name]
        problems.append(Problem(TABLES[name].file, int(frame.at[idx, ROW]), column, value, message, fix, severity))
        if severity == ERROR:
            drop[name].add(idx)

    for name, frame in text.items():
        if "source_id" in frame and name != "sources":
            bad = (frame["source_id"] != "") & ~frame["source_id"].isin(source_ids)
            for idx in frame.index[bad.to_numpy()]:
                err(
                    name,
                    idx,
                    "source_id",
                    frame.at[idx, "source_id"],
                    _("names a source that is not in sources.csv"),
                    _("add the source to sources.csv or correct the id"),
                )
        for col in TABLES[name].columns:
            if col.kind in ("iso3",) and name != "countries" and country_codes:
                bad = (frame[col.name] != "") & ~frame[col.name].isin(country_codes)
                for idx in frame.index[bad.to_numpy()]:
                    err(
                        name,
                        idx,
                        col.name,
                        frame.at[idx, col.name],
                        _("is a valid code but not in countries.csv, so it cannot be placed on the map"),
                        _("add a row for it to countries.csv"),
                        WARNING,
                    )

    for name, frame in text.items():  # the rules across the cells of a row (schema.row_schema)
        for idx, rule in broken_row_rules(frame, TABLES[name]):
            r = frame.loc[idx]
            err(name, idx, rule.column, r[rule.column], rule.message(r), rule.fix(r), rule.severity)
    if "story" in text:
        for idx, r in text["story"].iterrows():
            for sid in [s.strip() for s in r["source_ids"].split(";") if s.strip()]:
                if sid not in source_ids:
                    err(
                        "story",
                        idx,
                        "source_ids",
                        sid,
                        _("names a source that is not in sources.csv"),
                        _("add the source to sources.csv or correct the id"),
                    )
            for code in [c.strip() for c in r["countries"].split(";") if c.strip()] if country_codes else []:
                if code not in country_codes:
                    err(
                        "story",
                        idx,
                        "countries",
                        code,
                        _("is not a country in countries.csv"),
                        _("use ISO alpha-3 codes from countries.csv separated by ;"),
                    )
    more, more_drop = exposure_checks.check(text)  # the exposure tables' own rules
    problems.extend(more)
    for name, labels in more_drop.items():
        drop[name] |= labels
    more, more_drop = scenario_checks.check(text)  # scenarios.csv: the changes grammar and its sources
    problems.extend(more)
    for name, labels in more_drop.items():
        drop[name] |= labels
    return problems, drop
