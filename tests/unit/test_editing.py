"""tightrope.editing: raw rows for the editor, validate before save, atomic save with
a backup, refusal of a save that would overwrite a change made on disk, and a property-based
round trip (random valid edits saved through the editor path reload identical).

Length: one test module per domain module; the editing flow (load, check, diff, save, backups,
conflicts) and its property-based round trip.
"""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tightrope import editing, files, reading, store
from tightrope.schema import TABLES
from tightrope.store import load_dataset

# --- loading, CSV text --------------------------------------------------------------------------------


def test_load_keeps_every_row_as_text_including_bad_ones(mini_copy):
    p = mini_copy / "trade_flows.csv"
    p.write_text(
        p.read_text()
        .replace("2024,export,all_goods,21000,", "2024,export,all_goods,21,000,")
        .replace("autos_and_parts", "0101")
    )
    loaded = editing.load(mini_copy, "trade_flows")
    assert len(loaded.frame) == 7  # the malformed row is there, to be fixed
    assert loaded.frame.loc[1, "value"] == "21,000"  # put back together in its column
    assert "0101" in set(loaded.frame["product"])  # codes stay text
    assert [(p.row, p.column) for p in loaded.problems] == [(3, "value")]
    assert all(isinstance(v, str) for v in loaded.frame.to_numpy().ravel())
    assert loaded.sha256 == files.file_sha256(p)


def test_unreadable_file_cannot_be_loaded_for_editing(mini_copy):
    p = mini_copy / "statements.csv"
    p.write_bytes(p.read_text().replace("Think tank", "東京").encode("cp932"))
    with pytest.raises(reading.Unreadable) as exc:
        editing.load(mini_copy, "statements")
    assert "Shift-JIS" in exc.value.problem.message


def test_csv_text_uses_the_tables_column_order_and_keeps_extra_columns():
    t = TABLES["statements"]
    frame = pd.DataFrame(
        [
            {
                "source_id": "fx-news",
                "comment": "later",
                **{c: "" for c in t.column_names if c != "source_id"},
                "statement_id": "a",
            }
        ]
    )
    text = editing.to_csv_text(frame, editing.columns_for(t, frame.columns))
    assert text.splitlines()[0] == ",".join(t.column_names) + ",comment"


def test_csv_text_quotes_commas_quotes_and_line_breaks():
    frame = pd.DataFrame({"a": ['x, "y"\nz', " padded ", None], "b": ["1", "", "=SUM(A1)"]})
    text = editing.to_csv_text(frame, ["a", "b"])
    assert text == 'a,b\n"x, ""y""\nz",1\npadded,\n,=SUM(A1)\n'


def test_apply_edits_follows_the_editor_and_ignores_junk():
    base = pd.DataFrame({"a": ["1", "2", "3"], "b": ["x", "y", "z"]}, dtype=object)
    state = {
        "edited_rows": {"0": {"a": "10", "nope": "?"}, 2: {"b": "zz"}, 99: {"a": "?"}, "x": {"a": "?"}},
        "deleted_rows": [1, 42, "bad"],
        "added_rows": [{"a": "4"}, "junk"],
    }
    out = editing.apply_edits(base, state)
    assert out.to_dict("list") == {"a": ["10", "3", "4"], "b": ["x", "zz", None]}
    assert editing.apply_edits(base, None).equals(base)


# --- validate before saving -------------------------------------------------------------------------


def test_check_reports_problems_as_the_saved_file_would_have_them(mini_copy):
    loaded = editing.load(mini_copy, "trade_measures")
    frame = loaded.frame.copy()
    frame.loc[1, "rate_pct"] = "24%"
    frame.loc[len(frame)] = [
        "fx-new",
        "USA",
        "JPN",
        "steel",
        "tariff",
        "Section 232",
        "50",
        "additional",
        "2025-06-03",
        "2025-06-04",
        "",
        "in_effect",
        "no-such-source",
        "",
        *[""] * (len(frame.columns) - 14),  # optional columns (note_ja)
    ]
    problems = editing.check(mini_copy, "trade_measures", frame)
    assert [(p.file, p.row, p.column, p.message) for p in problems] == [
        ("trade_measures.csv", 3, "rate_pct", "has a percent sign (%)"),
        ("trade_measures.csv", 10, "source_id", "names a source that is not in sources.csv"),
    ]


def test_check_names_rows_of_other_tables_an_edit_would_break(mini_copy):
    loaded = editing.load(mini_copy, "sources")
    without_news = loaded.frame[loaded.frame["source_id"] != "fx-news"]
    problems = editing.check(mini_copy, "sources", without_news)
    files = {p.file for p in problems}
    assert "sources.csv" not in files
    assert {"diplomatic_contacts.csv", "statements.csv"} <= files
    assert all(p.value == "fx-news" for p in problems)


# --- saving -------------------------------------------------------------------------------------------


def test_save_is_atomic_keeps_a_backup_and_the_permissions(mini_copy):
    p = mini_copy / "statements.csv"
    os.chmod(p, 0o640)
    before = p.read_bytes()
    loaded = editing.load(mini_copy, "statements")
    frame = loaded.frame.copy()
    frame.loc[0, "speaker"] = "Speaker Z"
    saved = editing.save(
        mini_copy,
        "statements",
        frame,
        loaded.sha256,
        columns=loaded.columns,
        now=datetime(2025, 5, 6, 7, 8, 9, tzinfo=UTC),
    )
    assert saved.changed and saved.rows == 1
    assert saved.backup == mini_copy / ".backups" / "statements-20250506T070809000000Z.csv"
    assert saved.backup.read_bytes() == before
    assert "Speaker Z" in p.read_text()
    assert stat.S_IMODE(p.stat().st_mode) == 0o640
    assert saved.sha256 == files.file_sha256(p)
    assert not [x for x in mini_copy.iterdir() if x.name.endswith(".tmp")]
    assert load_dataset(mini_copy)["statements"].loc[0, "speaker"] == "Speaker Z"


def test_unchanged_save_writes_nothing(mini_copy):
    loaded = editing.load(mini_copy, "sources")
    mtime = (mini_copy / "sources.csv").stat().st_mtime_ns
    saved = editing.save(mini_copy, "sources", loaded.frame, loaded.sha256)
    assert not saved.changed and saved.backup is None
    assert (mini_copy / "sources.csv").stat().st_mtime_ns == mtime


def test_failed_write_leaves_the_old_file(mini_copy, monkeypatch):
    p = mini_copy / "statements.csv"
    before = p.read_bytes()
    loaded = editing.load(mini_copy, "statements")
    frame = loaded.frame.copy()
    frame.loc[0, "speaker"] = "Speaker Z"

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", boom)
    with pytest.raises(OSError):
        editing.save(mini_copy, "statements", frame, loaded.sha256)
    assert p.read_bytes() == before
    assert not [x for x in mini_copy.iterdir() if x.name.endswith(".tmp")]


def test_bom_and_windows_line_endings_are_kept(mini_copy):
    p = mini_copy / "countries.csv"
    p.write_bytes(b"\xef\xbb\xbf" + p.read_text().replace("\n", "\r\n").encode())
    loaded = editing.load(mini_copy, "countries")
    assert loaded.bom and loaded.newline == "\r\n"
    frame = loaded.frame.copy()
    frame.loc[0, "capital"] = "Tōkyō"
    editing.save(
        mini_copy, "countries", frame, loaded.sha256, columns=loaded.columns, bom=loaded.bom, newline=loaded.newline
    )
    raw = p.read_bytes()
    assert (
        raw.startswith(b"\xef\xbb\xbfiso3,")
        and b"\r\nJPN,Japan,\xe6\x97\xa5\xe6\x9c\xac,East Asia,focus,T\xc5\x8dky\xc5\x8d," in raw
    )


def test_old_backups_are_pruned(mini_copy):
    for i in range(4):
        loaded = editing.load(mini_copy, "statements")
        frame = loaded.frame.copy()
        frame.loc[0, "speaker"] = f"Speaker {i}"
        editing.save(
            mini_copy, "statements", frame, loaded.sha256, keep=2, now=datetime(2025, 1, 1, 0, 0, i, tzinfo=UTC)
        )
    names = [p.name for p in editing.backups_of(mini_copy, "statements")]
    assert names == ["statements-20250101T000002000000Z.csv", "statements-20250101T000003000000Z.csv"]


# --- two analysts -------------------------------------------------------------------------------------


def test_a_concurrent_edit_is_refused_not_lost(mini_copy):
    """Alice and Bob open the same table; Bob saves first; Alice's save is refused and Bob's change
    stays on disk; the difference Alice is shown names Bob's change."""
    alice = editing.load(mini_copy, "trade_measures")
    bob = editing.load(mini_copy, "trade_measures")
    b = bob.frame.copy()
    b.loc[0, "note"] = "checked by Bob"
    editing.save(mini_copy, "trade_measures", b, bob.sha256, columns=bob.columns)

    a = alice.frame.copy()
    a.loc[1, "rate_pct"] = "25"
    with pytest.raises(editing.Conflict) as exc:
        editing.save(mini_copy, "trade_measures", a, alice.sha256, columns=alice.columns)
    assert exc.value.expected == alice.sha256 and exc.value.current == files.file_sha256(
        mini_copy / "trade_measures.csv"
    )
    on_disk = editing.load(mini_copy, "trade_measures")
    assert on_disk.frame.loc[0, "note"] == "checked by Bob"  # Bob's edit survived
    assert on_disk.frame.loc[1, "rate_pct"] == "24"  # Alice's was not written over it
    diff = editing.diff_rows(alice.frame, on_disk.frame, "trade_measures")
    assert diff.to_dict("records") == [
        {"change": "changed", "row": 2, "key": "fx-baseline", "column": "note", "before": "", "after": "checked by Bob"}
    ]
    # Alice can still save once she starts from Bob's version
    a2 = on_disk.frame.copy()
    a2.loc[1, "rate_pct"] = "25"
    editing.save(mini_copy, "trade_measures", a2, on_disk.sha256, columns=on_disk.columns)
    final = editing.load(mini_copy, "trade_measures").frame
    assert (final.loc[0, "note"], final.loc[1, "rate_pct"]) == ("checked by Bob", "25")


def test_a_file_deleted_meanwhile_is_a_conflict_too(mini_copy):
    loaded = editing.load(mini_copy, "statements")
    (mini_copy / "statements.csv").unlink()
    with pytest.raises(editing.Conflict):
        editing.save(mini_copy, "statements", loaded.frame, loaded.sha256)


def test_diff_without_ids_compares_whole_rows():
    t = TABLES["trade_flows"]
    a = pd.DataFrame(
        [
            ["JPN", "USA", "2023", "export", "all_goods", "1", "JPY_bn", "s", ""],
            ["JPN", "CHN", "2023", "export", "all_goods", "2", "JPY_bn", "s", ""],
        ],
        columns=t.column_names,
    )
    b = a.copy()
    b.loc[1, "value"] = "3"
    d = editing.diff_rows(a, b, t)
    assert list(d["change"]) == ["removed", "added"] and list(d["row"]) == [3, 3]


# --- property: random valid edits round-trip ----------------------------------------------------------

#: free text with what breaks naive CSV: separators, quotes, line breaks, formula starts, CJK and
#: Vietnamese (precomposed and combining) text
FREE_TEXT = st.lists(
    st.one_of(
        st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=6),
        st.sampled_from(
            [
                ",",
                ";",
                '"',
                "\n",
                "\r\n",
                "\t",
                " ",
                "'",
                "=",
                "+",
                "-",
                "@",
                "日本",
                "Việt Nam",
                "Hà Nội",
                "Ha\u0300 No\u0302\u0323i",
                "東ティモール",
            ]
        ),
    ),
    max_size=8,
).map("".join)
SLUG = st.from_regex(r"[a-z0-9]{1,8}(?:[-_][a-z0-9]{1,6}){0,2}", fullmatch=True)
DAY = st.dates(min_value=datetime(1990, 1, 1).date(), max_value=datetime(2035, 12, 31).date()).map(
    lambda d: d.isoformat()
)
STATEMENT = st.fixed_dictionaries(
    {
        "statement_id": SLUG,
        "date": DAY,
        "speaker": FREE_TEXT.filter(lambda s: s.strip()),
        "role": FREE_TEXT,
        "country": st.sampled_from(["JPN", "USA", "CHN", "VNM"]),
        "venue": FREE_TEXT,
        "paraphrase": FREE_TEXT.filter(lambda s: s.strip()),
        "topics": st.lists(SLUG, max_size=3).map("; ".join),
        "source_id": st.sampled_from(["fx-news", "fx-official"]),
    }
)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    rows=st.lists(STATEMENT, min_size=0, max_size=6, unique_by=lambda r: r["statement_id"]),
    bom=st.booleans(),
    crlf=st.booleans(),
)
def test_random_valid_edits_reload_identical(mini_copy, rows, bom, crlf):
    # one folder for all examples (each starts from what the previous one saved), so only the
    # edited table is parsed again
    folder = mini_copy
    loaded = editing.load(folder, "statements")
    edited = pd.DataFrame(rows, columns=loaded.columns, dtype=object) if rows else loaded.frame.iloc[0:0]
    assert not [p for p in editing.check(folder, "statements", edited) if p.severity == "error"]
    saved = editing.save(
        folder, "statements", edited, loaded.sha256, columns=loaded.columns, bom=bom, newline="\r\n" if crlf else "\n"
    )
    expected = editing.normalise(edited, loaded.columns)
    # through the editor's reader
    again = editing.load(folder, "statements")
    assert again.frame.equals(expected)
    assert again.sha256 == saved.sha256
    # and through the dashboard's loader: every row valid, every cell as typed
    ds = load_dataset(folder)
    assert not ds.report.for_file("statements.csv")
    shown = ds["statements"]
    assert len(shown) == len(expected)
    for col in ("statement_id", "speaker", "role", "venue", "paraphrase", "topics"):
        assert list(shown[col]) == list(expected[col])
    assert [d.strftime("%Y-%m-%d") for d in shown["date"]] == list(expected["date"])


def test_saving_through_the_editor_shows_on_the_next_load_without_reparsing_the_rest(mini_copy):
    load_dataset(mini_copy)
    counts = dict(store.PARSE_COUNT)
    loaded = editing.load(mini_copy, "statements")
    frame = loaded.frame.copy()
    frame.loc[0, "speaker"] = "Speaker Z"
    editing.save(mini_copy, "statements", frame, loaded.sha256)
    ds = load_dataset(mini_copy)
    assert ds["statements"].loc[0, "speaker"] == "Speaker Z"
    for name in TABLES:
        key = str((Path(mini_copy) / f"{name}.csv").resolve())
        if key in counts:
            assert store.PARSE_COUNT[key] == counts[key] + (name == "statements"), name
