"""The data rules that need more than one cell: pandera failures turned into problems, and the
rules across columns of a row and across tables (sources cited, countries known, date order).

:func:`validate_frame` runs a table's pandera schema over an all-text frame; :func:`cross_checks`
runs the rules across tables. Both return :class:`~tightrope.validation.Problem` lists with the
spreadsheet row, so :mod:`tightrope.store` (loading) and :mod:`tightrope.editing` (checking an edit
before it is saved) report exactly the same problems.
"""

from __future__ import annotations

import pandas as pd
import pandera.errors as pa_errors

from tightrope import exposure_checks, schema
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
            # the first row with a value keeps it; later rows with the same value are the duplicates
            first = int(frame.loc[frame[column] == frame.at[idx, column], ROW].min())
            if first == row:
                continue
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

    def rule(name, mask, column, message, fix, severity=ERROR, value=None):
        """Report every row of ``name`` where ``mask`` holds (vectorised: only flagged rows are
        visited). ``message`` is a function of the row; ``value`` names the column to quote."""
        frame = text[name]
        for idx in frame.index[mask.to_numpy()]:
            r = frame.loc[idx]
            err(name, idx, column, r[value or column] if (value or column) in r else "", message(r), fix, severity)

    if "trade_measures" in text:
        m = text["trade_measures"]
        eff, end, ann, tariff = m["effective"], m["ended"], m["announced"], m["measure_type"] == "tariff"
        rule(
            "trade_measures",
            (eff != "") & (end != "") & (end < eff),
            "ended",
            lambda r: _("is before the effective date {day}").format(day=r["effective"]),
            _("a measure ends on or after the day it took effect"),
        )
        rule(
            "trade_measures",
            (eff != "") & (ann != "") & (eff < ann),
            "effective",
            lambda r: _("is before the announcement date {day}").format(day=r["announced"]),
            _("check both dates (retroactive measures: explain in note)"),
            WARNING,
        )
        rule(
            "trade_measures",
            tariff & (m["rate_pct"] == ""),
            "rate_pct",
            lambda r: _("is empty but the measure is a tariff"),
            _("give the ad valorem rate in percent, e.g. 25"),
        )
        rule(
            "trade_measures",
            tariff & (m["rate_basis"] == ""),
            "rate_basis",
            lambda r: _("is empty but the measure is a tariff"),
            _("use additional, total or floor"),
        )
        rule(
            "trade_measures",
            (m["status"] == "in_effect") & (end != ""),
            "status",
            lambda r: _("says in_effect but the measure ended on {day}").format(day=r["ended"]),
            _("set status to superseded, lifted or struck_down, or clear ended"),
            WARNING,
        )
    for name, a, b in (("diplomatic_contacts", "start", "end"), ("officeholders", "start", "end")):
        if name in text:
            f = text[name]
            rule(
                name,
                (f[a] != "") & (f[b] != "") & (f[b] < f[a]),
                b,
                lambda r, a=a: _("is before {column} {day}").format(column=a, day=r[a]),
                _("{end} must be on or after {start}").format(end=b, start=a),
            )
    if "diplomatic_contacts" in text:
        c = text["diplomatic_contacts"]
        lat, lon = c["venue_lat"] != "", c["venue_lon"] != ""
        rule(
            "diplomatic_contacts",
            lat & ~lon,
            "venue_lon",
            lambda r: _("only one of venue_lat and venue_lon is given"),
            _("give both, or leave both empty to use the host capital"),
            value="venue_lon",
        )
        rule(
            "diplomatic_contacts",
            ~lat & lon,
            "venue_lat",
            lambda r: _("only one of venue_lat and venue_lon is given"),
            _("give both, or leave both empty to use the host capital"),
            value="venue_lat",
        )
        rule(
            "diplomatic_contacts",
            (c["initiator"] != "") & (c["initiator"] == c["counterpart"]),
            "counterpart",
            lambda r: _("is the same country as the initiator"),
            _("the counterpart is the other side of the contact"),
        )
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
    return problems, drop
