"""The malformed-CSV corpus: every case in tests/fixtures/malformed/ gives exactly the problems
listed here (severity, file, row as a spreadsheet shows it, column, bad value, message), each with a
fix; tolerated variants (BOM, CRLF, semicolons, quoted line breaks ...) load without errors and
with the right values. No case raises, and a file that cannot be read is listed as a fallback.

Length: the expected problems of every case of the malformed-CSV corpus, one table of cases.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import MINI, ROOT
from tightrope.store import load_dataset

CORPUS = ROOT / "tests" / "fixtures" / "malformed"
E, W = "error", "warning"

#: case -> every problem of the loaded folder: (severity, file, row, column, value, message)
EXPECTED: dict[str, list[tuple]] = {
    "alpha2_country_code": [
        (E, "diplomatic_contacts.csv", 7, "counterpart", "PH", "is not an ISO 3166-1 alpha-3 country code"),
    ],
    "blank_trailing_lines": [],
    "code_with_leading_zero": [],
    "currency_sign": [
        (E, "trade_flows.csv", 3, "value", "¥21000", "has a currency sign or code"),
    ],
    "date_day_month": [
        (
            E,
            "trade_measures.csv",
            4,
            "announced",
            "22/07/2025",
            "is not written YYYY-MM-DD (day and month order is ambiguous, so it is never guessed)",
        ),
    ],
    "date_impossible": [
        (E, "statements.csv", 2, "date", "2025-02-30", "is not a real calendar day"),
    ],
    "date_unpadded": [
        (
            E,
            "statements.csv",
            2,
            "date",
            "2025-5-2",
            "is not written YYYY-MM-DD (two-digit month and day, separated by -)",
        ),
    ],
    "date_with_time": [
        (E, "statements.csv", 2, "date", "2025-05-02 00:00:00", "has a time of day; dates are calendar days"),
    ],
    "duplicate_column": [
        (E, "statements.csv", 1, "date", "", "the header names a column twice"),
    ],
    "duplicate_id": [
        (E, "trade_measures.csv", 10, "measure_id", "fx-jpn-24", "is already used in row 3; measure_id must be unique"),
    ],
    "empty_file": [
        (E, "story.csv", 1, "", "", "has no header row"),
    ],
    "end_before_start": [
        (E, "diplomatic_contacts.csv", 5, "end", "2025-04-21", "is before start 2025-04-27"),
    ],
    "fiscal_year": [
        (E, "trade_flows.csv", 4, "year", "FY2023", "is not a four-digit calendar year"),
    ],
    "header_only": [],
    "javascript_url": [
        (E, "sources.csv", 4, "url", "javascript:alert(1)", "is not an http(s) link"),
    ],
    "latitude_out_of_range": [
        (E, "diplomatic_contacts.csv", 8, "venue_lat", "139.6917", "is out of range"),
    ],
    "lowercase_country_code": [
        (E, "diplomatic_contacts.csv", 7, "initiator", "jpn", "is not an ISO 3166-1 alpha-3 country code"),
    ],
    "missing_required_column": [
        (E, "trade_flows.csv", 1, "unit", "", "the header lacks required column(s), so the file cannot be used"),
    ],
    # effective may be blank in a row (a threat never applied), but a file without the column
    # would silently end every tariff: refused like any missing column
    "missing_blankable_column": [
        (
            E,
            "trade_measures.csv",
            1,
            "effective",
            "",
            "the header lacks required column(s), so the file cannot be used",
        ),
    ],
    "misspelled_column": [
        (E, "statements.csv", 1, "source_id", "", "the header lacks required column(s), so the file cannot be used"),
    ],
    "misspelled_enum": [
        (E, "sources.csv", 4, "kind", "newz", "is not an allowed value"),
    ],
    "negative_value": [
        (E, "trade_flows.csv", 8, "value", "-7000", "is out of range"),
    ],
    "old_mac_line_endings": [],
    "one_coordinate_only": [
        (E, "diplomatic_contacts.csv", 8, "venue_lon", "", "only one of venue_lat and venue_lon is given"),
    ],
    "percent_sign": [
        (E, "trade_measures.csv", 3, "rate_pct", "24%", "has a percent sign (%)"),
    ],
    "quoted_comma_and_newline": [],
    "required_cell_empty": [
        (E, "statements.csv", 2, "paraphrase", "", "is empty but required"),
    ],
    "semicolon_decimal_comma": [
        (W, "trade_flows.csv", 1, "", "", "is separated by semicolons (European Excel); it was read as such"),
        (E, "trade_flows.csv", 2, "value", "20000,5", "uses a decimal comma"),
    ],
    "semicolon_european_number": [
        (W, "trade_flows.csv", 1, "", "", "is separated by semicolons (European Excel); it was read as such"),
        (
            E,
            "trade_flows.csv",
            2,
            "value",
            "20.000,5",
            "is written the European way (dots between thousands, decimal comma)",
        ),
    ],
    "semicolon_separated": [
        (W, "trade_flows.csv", 1, "", "", "is separated by semicolons (European Excel); it was read as such"),
    ],
    "shift_jis_legacy": [
        (
            E,
            "diplomatic_contacts.csv",
            2,
            "venue_city",
            "byte 0x93",
            "is not UTF-8 text; it looks like Shift-JIS (Japanese "
            "Windows), so names would be garbled; the file was not read",
        ),
    ],
    "slug_with_spaces": [
        (
            E,
            "trade_measures.csv",
            7,
            "measure_id",
            "US CHN fentanyl",
            "is not a slug (lower-case letters, digits, - or _)",
        ),
    ],
    "space_thousands_separator": [
        (E, "trade_flows.csv", 3, "value", "21 000", "has spaces or apostrophes between the thousands"),
    ],
    "stray_whitespace": [],
    "tariff_without_rate": [
        (E, "trade_measures.csv", 8, "rate_pct", "", "is empty but the measure is a tariff"),
    ],
    "text_after_closing_quote": [
        (
            E,
            "statements.csv",
            2,
            "",
            'fx-s1,2025-05-02,Speaker E,policy chief,JPN,Think tank,"Warned" that tariffs cou',
            "has text right after a closing double quote",
        ),
    ],
    "thousands_separator_quoted": [
        (E, "trade_flows.csv", 3, "value", "21,000", "has thousands separators"),
    ],
    "thousands_separator_unquoted": [
        (
            E,
            "trade_flows.csv",
            3,
            "value",
            "21,000",
            "has 10 cells but the header has 9: the number 21,000 was written "
            "with a comma as thousands separator; the row was left out",
        ),
    ],
    "too_few_cells": [
        (
            E,
            "trade_measures.csv",
            6,
            "",
            "fx-jpn-autos-15,USA,JPN,autos,tariff,Section 232,15,total,2025-09-04,2025-09-16,",
            "has 13 cells but the header has 14 (fewer than expected); the row was left out",
        ),
    ],
    "too_many_cells": [
        (
            E,
            "diplomatic_contacts.csv",
            7,
            "",
            "fx-c6,2025-04-29,2025-04-30,JPN,PHL,state_visit,Manila,,,Leader C (prime ministe",
            "has 14 cells but the header has 13 (more than expected); the row was left out",
        ),
    ],
    "unclosed_quote": [
        (
            E,
            "diplomatic_contacts.csv",
            4,
            "",
            "fx-c3,2025-04-22,2025-04-24,JPN,CHN,letter,Beijing,,,Envoy B (party leader),tari",
            "opens a double quote that is never closed, so the rest of the file cannot be read",
        ),
    ],
    "unknown_column": [
        (W, "statements.csv", 1, "comment", "", "is not a column of this table; it is kept in the file but not shown"),
    ],
    "unknown_source": [
        (E, "statements.csv", 2, "source_id", "fx-missing", "names a source that is not in sources.csv"),
    ],
    "utf16_excel_unicode_text": [
        (
            W,
            "statements.csv",
            None,
            "",
            "",
            "is UTF-16 text (Excel's Unicode Text); it was read, but other tools may not read it",
        ),
        (W, "statements.csv", 1, "", "", "is separated by tabs; it was read as such"),
    ],
    "utf8_bom": [],
    "vietnamese_legacy": [
        (
            E,
            "diplomatic_contacts.csv",
            5,
            "summary",
            "byte 0xcc",
            "is not UTF-8 text; it looks like Windows-1258 (Vietnamese), "
            "so names would be garbled; the file was not read",
        ),
    ],
    "western_legacy": [
        (
            E,
            "statements.csv",
            2,
            "venue",
            "byte 0xe9",
            "is not UTF-8 text; it looks like Windows-1252 (Western "
            "Europe), so names would be garbled; the file was not read",
        ),
    ],
    "windows_line_endings": [],
    # typed with a Japanese input method: read as half-width where that gives a plain number (a
    # warning each, never a silent blank); anything else an error whose fix shows the half-width form
    "fullwidth_number": [
        (
            W,
            "trade_flows.csv",
            3,
            "value",
            "１４６８２.３",
            "was typed with full-width (Japanese input) characters; it was read as 14682.3",
        ),
    ],
    "fullwidth_minus": [
        (
            W,
            "countries.csv",
            3,
            "lon",
            "－７７．０３６９",
            "was typed with full-width (Japanese input) characters; it was read as -77.0369",
        ),
    ],
    "fullwidth_percent": [
        (
            E,
            "trade_measures.csv",
            3,
            "rate_pct",
            "２４％",
            "is typed with full-width (Japanese input) characters and has a percent sign (%)",
        ),
    ],
    "ideographic_comma": [
        (
            E,
            "trade_flows.csv",
            3,
            "value",
            "２１、０００",
            "is typed with full-width (Japanese input) characters and has thousands separators",
        ),
    ],
    "fullwidth_date": [
        (
            E,
            "statements.csv",
            2,
            "date",
            "２０２５-０５-０２",
            "is typed with full-width (Japanese input) characters; dates are written YYYY-MM-DD in half-width digits",
        ),
    ],
    "japanese_date": [
        (
            E,
            "statements.csv",
            2,
            "date",
            "2025年5月2日",
            "is written the Japanese way (年月日); dates are written YYYY-MM-DD",
        ),
    ],
}

#: cases whose file cannot be used at all: the table falls back (here: to nothing, as no earlier
#: version loaded in this process)
UNREADABLE = {
    "duplicate_column": "statements.csv",
    "empty_file": "story.csv",
    "missing_required_column": "trade_flows.csv",
    "missing_blankable_column": "trade_measures.csv",
    "misspelled_column": "statements.csv",
    "shift_jis_legacy": "diplomatic_contacts.csv",
    "text_after_closing_quote": "statements.csv",
    "unclosed_quote": "diplomatic_contacts.csv",
    "vietnamese_legacy": "diplomatic_contacts.csv",
    "western_legacy": "statements.csv",
}


def cases() -> list[str]:
    return sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def load_case(case: str, tmp_path: Path):
    folder = tmp_path / "data"
    shutil.copytree(MINI, folder)
    for f in (CORPUS / case).iterdir():
        shutil.copy(f, folder / f.name)
    return load_dataset(folder)


def test_corpus_is_complete():
    assert len(cases()) >= 30
    assert set(cases()) == set(EXPECTED), "every fixture folder needs an expectation and vice versa"
    for case in cases():
        assert len(list((CORPUS / case).iterdir())) == 1, f"{case}: one file per case"


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_malformed_case(case, tmp_path):
    ds = load_case(case, tmp_path)
    got = [(p.severity, p.file, p.row, p.column, p.value, p.message) for p in ds.report.problems]
    assert got == EXPECTED[case]
    assert all(p.fix for p in ds.report.problems), "every problem says how to fix it"
    assert ds.fallbacks == ([UNREADABLE[case]] if case in UNREADABLE else [])


# --- tolerated variants are read right, not just without errors -----------------------------------


def test_bom_is_stripped_and_japanese_names_kept(tmp_path):
    c = load_case("utf8_bom", tmp_path)["countries"]
    assert c.columns[0] == "iso3"
    assert c.set_index("iso3").loc["JPN", "name_ja"] == "日本"


def test_legacy_encodings_are_refused_not_garbled(tmp_path):
    for case in ("shift_jis_legacy", "vietnamese_legacy"):
        ds = load_case(case, tmp_path / case)
        assert ds["diplomatic_contacts"].empty  # nothing decoded by guess
        assert not any("\ufffd" in str(v) for v in ds["diplomatic_contacts"].to_numpy().ravel())


@pytest.mark.parametrize("case", ["stray_whitespace", "semicolon_separated"])
def test_values_are_read_exactly(case, tmp_path):
    f = load_case(case, tmp_path)["trade_flows"]
    first = f.iloc[0]
    assert (first["reporter"], first["partner"], int(first["year"]), first["value"], first["unit"]) == (
        "JPN",
        "USA",
        2023,
        20000.0,
        "JPY_bn",
    )
    assert f["value"].dtype == "float64"  # numbers stay numbers


def test_fullwidth_numbers_are_read_not_blanked(tmp_path):
    flows = load_case("fullwidth_number", tmp_path / "n")["trade_flows"]
    row = (flows["year"] == 2024) & (flows["partner"] == "USA") & (flows["flow"] == "export")
    assert flows.loc[row & (flows["product"] == "all_goods"), "value"].tolist() == [14682.3]
    usa = load_case("fullwidth_minus", tmp_path / "m")["countries"].set_index("iso3").loc["USA"]
    assert usa["lon"] == -77.0369


@pytest.mark.parametrize(
    ("case", "fix"),
    [
        ("fullwidth_percent", "write the number alone: 24 (rates are percent already), in half-width characters"),
        ("ideographic_comma", "write it without commas: 21000, in half-width characters"),
        ("fullwidth_date", "write it as 2025-05-02 (YYYY-MM-DD, half-width digits)"),
        ("japanese_date", "write it as 2025-05-02 (YYYY-MM-DD, half-width digits)"),
    ],
)
def test_japanese_input_errors_name_the_fix(case, fix, tmp_path):
    (problem,) = load_case(case, tmp_path).report.problems
    assert problem.fix == fix


@pytest.mark.parametrize("case", ["windows_line_endings", "old_mac_line_endings", "blank_trailing_lines"])
def test_line_endings_and_blank_lines(case, tmp_path):
    ds = load_case(case, tmp_path)
    expected = {
        "windows_line_endings": ("trade_measures", 8),
        "old_mac_line_endings": ("statements", 1),
        "blank_trailing_lines": ("statements", 1),
    }[case]
    frame = ds[expected[0]]
    assert len(frame) == expected[1]
    assert not any(str(v).endswith("\r") for v in frame.select_dtypes(include=["object", "str"]).to_numpy().ravel())


def test_quoted_comma_and_line_break_stay_in_one_cell(tmp_path):
    c = load_case("quoted_comma_and_newline", tmp_path)["diplomatic_contacts"].set_index("contact_id")
    assert c.loc["fx-c1", "summary"] == "First round of talks, on tariffs\nand autos."
    assert c.loc["fx-c2", "_row"] == 3  # the spreadsheet row, not the line of the file


def test_codes_stay_text(tmp_path):
    f = load_case("code_with_leading_zero", tmp_path)["trade_flows"]
    assert "0101" in set(f["product"])


def test_dates_are_never_swapped(tmp_path):
    m = load_case("date_day_month", tmp_path)["trade_measures"]
    assert "fx-jpn-15" not in set(m["measure_id"])  # 22/07/2025 is refused, not read as a date


def test_utf16_is_read(tmp_path):
    s = load_case("utf16_excel_unicode_text", tmp_path)["statements"]
    assert list(s["statement_id"]) == ["fx-s1"]


def test_cli_prints_file_row_column(tmp_path, capsys):
    from tightrope.__main__ import main

    folder = tmp_path / "data"
    shutil.copytree(MINI, folder)
    shutil.copy(CORPUS / "percent_sign" / "trade_measures.csv", folder / "trade_measures.csv")
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out
    assert (
        "ERROR trade_measures.csv, row 3, column rate_pct (value: "
        "'24%'): has a percent sign (%). Fix: write the number alone: 24" in out
    )


@pytest.mark.parametrize("renamed", ["Participants", "participant", "PARTICIPANTS "])
def test_a_renamed_optional_column_is_a_rename_warning_not_a_silent_blank(mini_copy, renamed):
    p = mini_copy / "diplomatic_contacts.csv"
    p.write_text(p.read_text().replace(",participants,", f",{renamed},", 1))
    ds = load_dataset(mini_copy)
    assert (ds["diplomatic_contacts"]["participants"] == "").all()  # the contract column is missing
    [problem] = ds.report.renamed_columns
    assert (problem.file, problem.row, problem.column, problem.severity) == (
        "diplomatic_contacts.csv",
        1,
        renamed.strip(),
        W,
    )
    assert "looks like the column participants renamed" in problem.message
    assert problem.fix == f"rename the column {renamed.strip()!r} back to participants"


def test_an_unrelated_extra_column_is_not_a_rename(mini_copy):
    p = mini_copy / "diplomatic_contacts.csv"
    p.write_text(p.read_text().replace(",source_id\n", ",source_id,reviewer\n", 1))
    ds = load_dataset(mini_copy)
    assert not ds.report.renamed_columns
    assert any(x.column == "reviewer" and "not a column" in x.message for x in ds.report.warnings)
