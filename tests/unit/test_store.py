"""Loading and validation: clean data loads; bad cells name file, row, column and a fix."""

import os
import time

import pandas as pd

from tests.conftest import MINI
from tightrope import files, store
from tightrope.store import load_dataset


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    # make sure the mtime changes even on coarse file systems
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_fixture_loads_clean_and_typed():
    ds = load_dataset(MINI)
    assert ds.report.ok and not ds.report.warnings
    m = ds["trade_measures"]
    assert pd.api.types.is_datetime64_any_dtype(m["effective"])
    assert m["rate_pct"].dtype == "float64"
    assert ds["trade_flows"]["year"].dtype == "Int64"
    assert ds["countries"]["_row"].iloc[0] == 2  # header is row 1


def test_bad_cell_reports_file_row_column_and_drops_only_that_row(mini_copy):
    p = mini_copy / "trade_measures.csv"
    lines = p.read_text().splitlines()
    lines[3] = lines[3].replace("2025-07-22", "22/07/2025")  # row 4 of the sheet: fx-jpn-15
    write(p, "\n".join(lines) + "\n")
    ds = load_dataset(mini_copy)
    [problem] = ds.report.errors
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "trade_measures.csv",
        4,
        "announced",
        "22/07/2025",
    )
    assert "YYYY-MM-DD" in problem.fix
    assert "fx-jpn-15" not in set(ds["trade_measures"]["measure_id"])
    assert len(ds["trade_measures"]) == 7


def test_unknown_source_id_is_a_cross_table_error(mini_copy):
    p = mini_copy / "statements.csv"
    write(p, p.read_text().replace(",fx-news\n", ",no-such-source\n"))
    ds = load_dataset(mini_copy)
    [problem] = ds.report.errors
    assert (problem.file, problem.row, problem.column) == ("statements.csv", 2, "source_id")
    assert "sources.csv" in problem.message
    assert ds["statements"].empty


def test_end_before_start_is_an_error(mini_copy):
    p = mini_copy / "trade_measures.csv"
    write(p, p.read_text().replace("2025-04-05,2025-08-07,superseded", "2025-04-05,2025-04-01,superseded"))
    ds = load_dataset(mini_copy)
    assert [(e.row, e.column) for e in ds.report.errors] == [(2, "ended")]


def test_unreadable_file_falls_back_to_last_good_version(mini_copy):
    first = load_dataset(mini_copy)
    assert len(first["diplomatic_contacts"]) == 7
    p = mini_copy / "diplomatic_contacts.csv"
    write(p, p.read_text().replace("Tokyo", "東京"), encoding="cp932")  # saved as Shift-JIS
    ds = load_dataset(mini_copy)
    assert ds.fallbacks == ["diplomatic_contacts.csv"]
    assert len(ds["diplomatic_contacts"]) == 7  # last good version still shown
    msgs = [p.message for p in ds.report.for_file("diplomatic_contacts.csv")]
    assert any("not UTF-8" in m and "Shift-JIS" in m for m in msgs)
    assert any("last version" in m for m in msgs)


def test_unchanged_files_are_not_parsed_again(mini_copy):
    load_dataset(mini_copy)
    key = str((mini_copy / "sources.csv").resolve())
    before = dict(store.PARSE_COUNT)
    p = mini_copy / "statements.csv"
    time.sleep(0.01)
    write(p, p.read_text())
    ds = load_dataset(mini_copy)
    assert ds.report.ok
    assert store.PARSE_COUNT[key] == before[key]
    skey = str(p.resolve())
    assert store.PARSE_COUNT[skey] == before[skey] + 1


def test_fingerprint_changes_when_a_file_changes(mini_copy):
    a = files.fingerprint(mini_copy)
    p = mini_copy / "statements.csv"
    write(p, p.read_text() + "\n")
    assert files.fingerprint(mini_copy) != a


def test_cli_validate_exit_codes(mini_copy, capsys):
    from tightrope.__main__ import main

    assert main(["validate", str(mini_copy)]) == 0
    p = mini_copy / "sources.csv"
    write(p, p.read_text().replace("https://example.org/news", "javascript:alert(1)"))
    assert main(["validate", str(mini_copy)]) == 1
    out = capsys.readouterr().out
    assert "sources.csv, row 3, column url" in out
    assert "http" in out


def test_an_unreadable_countries_file_is_reported_once_not_in_every_story_row(tmp_path):
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(MINI, folder)
    text = (folder / "countries.csv").read_text(encoding="utf-8")
    (folder / "countries.csv").write_bytes(text.encode("shift_jis"))  # Excel's legacy Japanese save
    ds = load_dataset(folder)
    assert "countries.csv" in ds.fallbacks
    assert [p for p in ds.report.problems if p.file == "countries.csv"]
    assert not [p for p in ds.report.problems if p.file == "story.csv"], (
        "story rows must not be blamed for the unreadable countries file"
    )
    assert len(ds["story"]) > 0
