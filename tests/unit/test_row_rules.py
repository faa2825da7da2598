"""The rules across the cells of a row live in the schema as named pandera DataFrame checks, and
pandera's own duplicate report names the repeated keys; tightrope.rules turns both into problems."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from components.table_editor import column_help
from tightrope import i18n, rules, schema
from tightrope.reading import ROW
from tightrope.schema import TABLES
from tightrope.store import empty_frame


def text_frame(table: schema.Table, rows: list[dict[str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame([{c: r.get(c, "") for c in table.column_names} for r in rows], dtype=str)
    frame[ROW] = range(2, len(rows) + 2)
    return frame


def test_row_rules_are_named_dataframe_level_pandera_checks():
    for table in TABLES.values():
        checks = schema.row_schema(table).checks
        assert [c.name for c in checks] == [r.name for r in table.rules]
        assert all(isinstance(c, pa.Check) and not c.element_wise for c in checks)
    assert {r.name for r in schema.TRADE_MEASURES.rules} >= {"ended_on_or_after_effective", "tariff_has_rate_pct"}


def test_broken_row_rules_name_each_row_once_in_rule_order():
    t = schema.TRADE_MEASURES
    base = {"measure_type": "tariff", "rate_pct": "10", "rate_basis": "additional", "status": "lifted"}
    frame = text_frame(
        t,
        [
            {**base, "announced": "2025-01-01", "effective": "2025-02-01", "ended": "2025-03-01"},  # fine
            {**base, "announced": "2025-01-01", "effective": "2025-02-01", "ended": "2025-01-15", "rate_pct": ""},
            {**base, "measure_type": "quota", "rate_pct": "", "rate_basis": "", "announced": "2025-01-01"},  # fine
        ],
    )
    frame.index = [10, 11, 12]
    broken = [(idx, rule.name) for idx, rule in rules.broken_row_rules(frame, t)]
    assert broken == [(11, "ended_on_or_after_effective"), (11, "tariff_has_rate_pct")]


def test_cross_checks_report_row_rules_with_file_row_column_value_and_fix():
    t = schema.DIPLOMATIC_CONTACTS
    frame = text_frame(t, [{"start": "2025-05-02", "end": "2025-05-01", "initiator": "JPN", "counterpart": "JPN"}])
    text = {name: empty_frame(table) for name, table in TABLES.items()}
    problems, drop = rules.cross_checks({**text, "diplomatic_contacts": frame})
    found = {(p.file, p.row, p.column, p.value, p.severity) for p in problems}
    assert ("diplomatic_contacts.csv", 2, "end", "2025-05-01", "error") in found
    assert ("diplomatic_contacts.csv", 2, "counterpart", "JPN", "error") in found
    assert drop["diplomatic_contacts"] == {0}
    end = next(p for p in problems if p.column == "end")
    assert end.message == "is before start 2025-05-02" and end.fix == "end must be on or after start"


def test_duplicates_come_from_pandera_reporting_all_but_the_first():
    t = schema.SOURCES
    row = {"publisher": "p", "title": "t", "url": "https://example.org", "published": "2025-01-01", "kind": "news"}
    frame = text_frame(t, [{**row, "source_id": "a"}, {**row, "source_id": "b"}, {**row, "source_id": "a"}])
    valid, problems = rules.validate_frame(frame, t)
    assert [(p.row, p.column, p.value) for p in problems] == [(4, "source_id", "a")]
    assert "row 2" in problems[0].message
    assert list(valid["source_id"]) == ["a", "b"]


def test_editor_help_shows_the_column_description_in_the_viewers_language():
    t = schema.TRADE_MEASURES
    try:
        text = column_help(t, "ended")
        assert text.startswith("the day it stopped applying; empty while in force")
        assert "YYYY-MM-DD" in text and "(optional)" in text
        i18n.set_language("ja")
        assert column_help(t, "ended").startswith("適用が終わった日。発効中は空欄")
    finally:
        i18n.set_language("en")
