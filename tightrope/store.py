"""Read the curated data folder into a :class:`Dataset`, never raising on bad input.

``load_dataset(data_dir)`` reads every table of :data:`tightrope.schema.TABLES` from
``<data_dir>/<table>.csv`` and returns typed frames holding only the rows that passed validation,
plus a :class:`~tightrope.validation.ValidationReport`. Each frame keeps a ``_row`` column: the
row number as a spreadsheet shows it (header = row 1), so every view can point back to the file.

Robustness policy (GUIDE.md section 2):

* a bad cell makes its row an error: the row is left out of the views and reported;
* a file that cannot be read at all (not UTF-8, a required column missing, unreadable quoting)
  falls back to the last version of that file that loaded in this process, reported with a
  banner (``Dataset.fallbacks``); with no earlier version the table is empty;
* a UTF-8 byte-order mark, Windows line endings, stray spaces around cells, blank lines and
  semicolon-separated files (European Excel) are read correctly; the semicolon gets a warning.

The data folder is ``data/`` beside the package unless ``TIGHTROPE_DATA_DIR`` names another.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
import pandera.errors as pa_errors

from tightrope import schema
from tightrope.schema import TABLES, Table
from tightrope.validation import ERROR, WARNING, Problem, ValidationReport, explain

ROW = "_row"
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"

#: Last version of each file that loaded, per process: {(folder, table): text frame}.
_LAST_GOOD: dict[tuple[str, str], pd.DataFrame] = {}
#: Parsed files, so an unchanged file is never parsed twice: {path: (size, mtime_ns, result)}.
_PARSED: dict[str, tuple[int, int, int, tuple]] = {}
PARSE_COUNT: dict[str, int] = {}


def data_dir() -> Path:
    """The data folder: ``$TIGHTROPE_DATA_DIR`` if set, else the repository's ``data/``."""
    env = os.environ.get("TIGHTROPE_DATA_DIR")
    return Path(env) if env else DEFAULT_DATA_DIR


def fingerprint(folder: Path | str) -> tuple[tuple[str, int, int, int], ...]:
    """A cheap key that changes when any table file in ``folder`` changes: (name, size, mtime_ns,
    inode) of every ``*.csv`` and the ``MANIFEST.json``, sorted by name. Used as the cache key.
    The inode catches a file replaced atomically (the in-app editor's save) within one tick of a
    coarse file-system clock."""
    folder = Path(folder)
    if not folder.is_dir():
        return ()
    out = []
    for p in sorted(folder.iterdir()):
        if p.suffix == ".csv" or p.name == "MANIFEST.json":
            st = p.stat()
            out.append((p.name, st.st_size, st.st_mtime_ns, st.st_ino))
    return tuple(out)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- reading one file -------------------------------------------------------------------------


class Unreadable(Exception):
    """The file cannot be used at all; ``problem`` says why and how to fix it."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


#: Legacy encodings an analyst's spreadsheet may have used, tried (only to name it) in this order.
_LEGACY = (("cp932", "Shift-JIS (Japanese Windows)"), ("cp1258", "Windows-1258 (Vietnamese)"), ("cp1252", "Windows-1252 (Western Europe)"))
_KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_VIETNAMESE = re.compile(r"[\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0\u0300\u0301\u0303\u0309\u0323]")


def guess_legacy_encoding(raw: bytes) -> tuple[str, str] | None:
    """Name the legacy encoding ``raw`` (not UTF-8) was most likely saved in, as ``(codec, label)``,
    or ``None``. Only used to tell the analyst what happened: the text is never decoded with it.

    Japanese if the Shift-JIS reading has kana, or kanji whose lead bytes are the common JIS
    level-1 range; Vietnamese if the Windows-1258 reading has letters only Vietnamese uses
    (ă, đ, ơ, ư or a combining tone mark); else Western European if it decodes as Windows-1252.
    """
    readings = {}
    for codec, _label in _LEGACY:
        try:
            readings[codec] = raw.decode(codec)
        except UnicodeDecodeError:
            continue
    labels = dict(_LEGACY)
    ja = readings.get("cp932")
    if ja is not None and not re.search(r"[\ue000-\uf8ff\uff61-\uff9f]", ja):
        leads = [b for b in raw if b >= 0x80]
        common = sum(1 for b in leads if 0x81 <= b <= 0x9F)
        if _KANA.search(ja) or (_CJK.search(ja) and 2 * common >= len(leads)):
            return "cp932", labels["cp932"]
    if "cp1258" in readings and _VIETNAMESE.search(readings["cp1258"]):
        return "cp1258", labels["cp1258"]
    if "cp1252" in readings:
        return "cp1252", labels["cp1252"]
    return None


def decode_bytes(raw: bytes, file: str) -> tuple[str, list[Problem]]:
    """Decode a table file's bytes. Returns ``(text, warnings)``.

    UTF-8 with or without a byte-order mark is read silently; UTF-16 with a byte-order mark (Excel's
    "Unicode Text") is read with a warning. Anything else raises :class:`Unreadable` naming the
    likely legacy encoding: decoding it by guess could garble Japanese or Vietnamese names.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
        else:
            return text, [Problem(file, None, "", "", "is UTF-16 text (Excel's Unicode Text); it was read, but other tools may not read it", 'save it as "CSV UTF-8 (Comma delimited)"', WARNING)]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        guessed = guess_legacy_encoding(raw)
        guess = f"; it looks like {guessed[1]}" if guessed else ""
        row, column = _locate_byte(raw, exc.start)
        raise Unreadable(
            Problem(
                file,
                row,
                column,
                f"byte 0x{raw[exc.start]:02x}",
                f"is not UTF-8 text{guess}, so names would be garbled; the file was not read",
                'save it again as UTF-8: in Excel "Save As > CSV UTF-8 (Comma delimited)", in a text editor choose UTF-8',
            )
        ) from exc


def _locate_byte(raw: bytes, offset: int) -> tuple[int, str]:
    """The spreadsheet row and column holding byte ``offset`` of a file that is not UTF-8.

    The bytes are read as Latin-1 only to find the place (every byte maps to one character and
    commas, semicolons, quotes and line breaks keep their meaning); nothing read so is shown.
    """
    text = raw.decode("latin-1")
    line = len(io.StringIO(text[: offset + 1], newline="").readlines())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header: list[str] | None = None
    try:
        for row, rec in enumerate(reader, start=1):
            header = header if header is not None else [h.strip() for h in rec]
            if reader.line_num >= line:
                cell = next((i for i, c in enumerate(rec) if any(ord(ch) >= 0x80 for ch in c)), None)
                return row, header[cell] if cell is not None and cell < len(header) and row > 1 else ""
    except csv.Error:
        pass
    return line, ""


def _delimiter(text: str) -> str:
    """The separator the header row uses: comma, semicolon (European Excel) or tab."""
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _quote_problem(file: str, text: str, row: int, line: int, exc: csv.Error) -> Problem:
    """The problem for CSV text that ``csv`` cannot split (strict mode), at spreadsheet ``row``
    which starts on physical ``line``."""
    value = text.splitlines()[line - 1][:80] if line <= len(text.splitlines()) else ""
    reason = str(exc)
    if "unexpected end of data" in reason:
        message = "opens a double quote that is never closed, so the rest of the file cannot be read"
    elif "expected after" in reason:
        message = "has text right after a closing double quote"
    else:
        message = f"is not valid CSV ({reason})"
    fix = 'close the quote, or write a quote inside a value as two ("") and wrap the whole value in double quotes, e.g. "He said ""yes"", then left"'
    return Problem(file, row, "", value, message, fix)


_THOUSANDS_HEAD = re.compile(r"^-?\d{1,3}$")
_THOUSANDS_TAIL = re.compile(r"^\d{3}(\.\d+)?$")


def _merge_thousands(rec: list[str], width: int) -> tuple[list[str], int | None]:
    """If ``rec`` has too many cells because numbers were written with a comma as thousands
    separator (``20,000`` unquoted), return the cells with those numbers put back together and
    the index of the first one; else ``(rec, None)``."""
    cells, first = list(rec), None
    i = 0
    while len(cells) > width and i < len(cells) - 1:
        if _THOUSANDS_HEAD.match(cells[i].strip()) and _THOUSANDS_TAIL.match(cells[i + 1].strip()):
            cells[i : i + 2] = [cells[i].strip() + "," + cells[i + 1].strip()]
            first = i if first is None else first
            continue
        i += 1
    return (cells, first) if len(cells) == width else (list(rec), None)


def read_text_table(text: str, table: Table, keep_malformed: bool = False) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse CSV ``text`` for ``table`` into an all-``str`` frame with a ``_row`` column.

    Returns the frame (blank lines dropped, cells stripped, missing optional columns added as
    ``""``, columns the file has beyond the contract kept) and the problems found while reading.
    A row with too many or too few cells is an error and left out, unless ``keep_malformed``
    (the in-app editor, which must show every row so it can be fixed): then it is padded with
    empty cells, or its surplus cells are joined into the last column (numbers written ``20,000``
    are put back into one cell). Raises :class:`Unreadable` when the header is missing or lacks a
    required column, or the quoting is broken (the problem names the row).
    """
    file = table.file
    problems: list[Problem] = []
    delimiter = _delimiter(text)
    if delimiter != ",":
        what = "semicolons (European Excel)" if delimiter == ";" else "tabs"
        problems.append(Problem(file, 1, "", "", f"is separated by {what}; it was read as such", "save it with commas as separators (CSV UTF-8) so every tool reads it", WARNING))
    records: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 1
    try:
        for rec in reader:
            records.append(rec)
            line = reader.line_num + 1
    except csv.Error as exc:
        raise Unreadable(_quote_problem(file, text, len(records) + 1, line, exc)) from exc
    if not records or not any(c.strip() for c in records[0]):
        raise Unreadable(Problem(file, 1, "", "", "has no header row", f"the first row must name the columns: {', '.join(table.column_names)}"))
    header = [h.strip() for h in records[0]]
    missing = [c.name for c in table.columns if not c.optional_header and c.name not in header]
    if missing:
        unknown = {re.sub(r"[\s-]+", "_", h.lower()): h for h in header if h and h not in table.column_names}
        hints = [f"{unknown[close[0]]!r} to {m}" for m in missing if (close := difflib.get_close_matches(m, list(unknown), n=1, cutoff=0.75))]
        hint = f" (rename {', '.join(hints)})" if hints else ""
        raise Unreadable(
            Problem(
                file,
                1,
                ", ".join(missing),
                "",
                "the header lacks required column(s), so the file cannot be used",
                f"add the column(s) {', '.join(missing)} to the header row, spelled exactly so{hint} (a column whose cells may be blank must still be named)",
            )
        )
    dupes = {h for h in header if header.count(h) > 1 and h}
    if dupes:
        raise Unreadable(Problem(file, 1, ", ".join(sorted(dupes)), "", "the header names a column twice", "keep one column of each name"))
    known = set(table.column_names)
    for h in header:
        if h and h not in known and not h.startswith("_"):
            problems.append(
                Problem(file, 1, h, "", "is not a column of this table; it is kept in the file but not shown", f"remove it or rename it to one of: {', '.join(table.column_names)}", WARNING)
            )
    rows, numbers = [], []
    for i, rec in enumerate(records[1:], start=2):
        if not any(c.strip() for c in rec):
            continue
        if len(rec) != len(header):
            what = "more" if len(rec) > len(header) else "fewer"
            merged, at = _merge_thousands(rec, len(header)) if delimiter == "," and len(rec) > len(header) else (rec, None)
            if at is not None:
                number = merged[at]
                problem = Problem(
                    file,
                    i,
                    header[at],
                    number,
                    f"has {len(rec)} cells but the header has {len(header)}: the number {number} was written with a comma as thousands separator; the row was left out",
                    f"write it without the comma: {number.replace(',', '')}",
                )
            else:
                problem = Problem(
                    file,
                    i,
                    "",
                    delimiter.join(rec)[:80],
                    f"has {len(rec)} cells but the header has {len(header)} ({what} than expected); the row was left out",
                    "wrap a value that contains a comma in double quotes, or add the missing cells",
                )
            problems.append(problem)
            if not keep_malformed:
                continue
            if at is not None:
                rec = merged
            elif len(rec) < len(header):
                rec = rec + [""] * (len(header) - len(rec))
            else:
                rec = rec[: len(header) - 1] + [delimiter.join(rec[len(header) - 1 :])]
        rows.append([c.strip() for c in rec])
        numbers.append(i)
    frame = pd.DataFrame(rows, columns=header, dtype=str) if rows else pd.DataFrame({h: pd.Series(dtype=str) for h in header})
    frame = frame.loc[:, [h for h in header if h]]
    for col in table.columns:
        if col.name not in frame:
            frame[col.name] = ""
    frame[ROW] = pd.Series(numbers, dtype="int64", index=frame.index)
    return frame, problems


def validate_frame(frame: pd.DataFrame, table: Table) -> tuple[pd.DataFrame, list[Problem]]:
    """Validate an all-``str`` frame (with ``_row``) against the table's pandera schema.

    Returns ``(valid_rows, problems)``: rows with any failing cell are dropped and reported,
    one :class:`Problem` per failing cell.
    """
    problems: list[Problem] = []
    if frame.empty:
        return frame, problems
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
            problems.append(Problem(table.file, None, column, value, f"failed {check}", "check the column"))
            continue
        row = int(frame.at[idx, ROW])
        if check == "field_uniqueness":
            # the first row with a value keeps it; later rows with the same value are the duplicates
            first = int(frame.loc[frame[column] == frame.at[idx, column], ROW].min())
            if first == row:
                continue
            problems.append(
                Problem(table.file, row, column, value, f"is already used in row {first}; {column} must be unique", f"give this row its own {column}, or delete it if it repeats row {first}")
            )
            bad.add(idx)
            continue
        message, fix = explain(check, value, col, table)
        problems.append(Problem(table.file, row, column, value, message, fix))
        bad.add(idx)
    return frame.drop(index=list(bad)), problems


def read_table(folder: Path, table: Table) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read and validate one table file. Returns ``(text frame of valid rows or None, problems)``;
    ``None`` when the file is missing or unreadable (the problem says which)."""
    path = folder / table.file
    if not path.exists():
        if not table.required_file:
            return None, []
        return None, [Problem(table.file, None, "", "", "is missing from the data folder", f"restore {table.file} (see data/README.md for its columns)")]
    st = path.stat()
    key = str(path.resolve())
    cached = _PARSED.get(key)
    if cached and cached[:3] == (st.st_size, st.st_mtime_ns, st.st_ino):
        return cached[3]
    result = _parse_file(path, table)
    _PARSED[key] = (st.st_size, st.st_mtime_ns, st.st_ino, result)
    PARSE_COUNT[key] = PARSE_COUNT.get(key, 0) + 1
    return result


def _parse_file(path: Path, table: Table) -> tuple[pd.DataFrame | None, list[Problem]]:
    try:
        text, notes = decode_bytes(path.read_bytes(), table.file)
        frame, problems = read_text_table(text, table)
    except Unreadable as exc:
        return None, [exc.problem]
    valid, more = validate_frame(frame, table)
    return valid, notes + problems + more


# --- cross-table rules ------------------------------------------------------------------------


def _cross_checks(text: dict[str, pd.DataFrame]) -> tuple[list[Problem], dict[str, set]]:
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
                err(name, idx, "source_id", frame.at[idx, "source_id"], "names a source that is not in sources.csv", "add the source to sources.csv or correct the id")
        for col in TABLES[name].columns:
            if col.kind in ("iso3",) and name != "countries" and country_codes:
                bad = (frame[col.name] != "") & ~frame[col.name].isin(country_codes)
                for idx in frame.index[bad.to_numpy()]:
                    err(name, idx, col.name, frame.at[idx, col.name], "is a valid code but not in countries.csv, so it cannot be placed on the map", "add a row for it to countries.csv", WARNING)

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
        rule("trade_measures", (eff != "") & (end != "") & (end < eff), "ended", lambda r: f"is before the effective date {r['effective']}", "a measure ends on or after the day it took effect")
        rule(
            "trade_measures",
            (eff != "") & (ann != "") & (eff < ann),
            "effective",
            lambda r: f"is before the announcement date {r['announced']}",
            "check both dates (retroactive measures: explain in note)",
            WARNING,
        )
        rule("trade_measures", tariff & (m["rate_pct"] == ""), "rate_pct", lambda r: "is empty but the measure is a tariff", "give the ad valorem rate in percent, e.g. 25")
        rule("trade_measures", tariff & (m["rate_basis"] == ""), "rate_basis", lambda r: "is empty but the measure is a tariff", "use additional, total or floor")
        rule(
            "trade_measures",
            (m["status"] == "in_effect") & (end != ""),
            "status",
            lambda r: f"says in_effect but the measure ended on {r['ended']}",
            "set status to superseded, lifted or struck_down, or clear ended",
            WARNING,
        )
    for name, a, b in (("diplomatic_contacts", "start", "end"), ("officeholders", "start", "end")):
        if name in text:
            f = text[name]
            rule(name, (f[a] != "") & (f[b] != "") & (f[b] < f[a]), b, lambda r, a=a: f"is before {a} {r[a]}", f"{b} must be on or after {a}")
    if "diplomatic_contacts" in text:
        c = text["diplomatic_contacts"]
        lat, lon = c["venue_lat"] != "", c["venue_lon"] != ""
        rule("diplomatic_contacts", lat & ~lon, "venue_lon", lambda r: "only one of venue_lat and venue_lon is given", "give both, or leave both empty to use the host capital", value="venue_lon")
        rule("diplomatic_contacts", ~lat & lon, "venue_lat", lambda r: "only one of venue_lat and venue_lon is given", "give both, or leave both empty to use the host capital", value="venue_lat")
        rule(
            "diplomatic_contacts",
            (c["initiator"] != "") & (c["initiator"] == c["counterpart"]),
            "counterpart",
            lambda r: "is the same country as the initiator",
            "the counterpart is the other side of the contact",
        )
    if "story" in text:
        for idx, r in text["story"].iterrows():
            for sid in [s.strip() for s in r["source_ids"].split(";") if s.strip()]:
                if sid not in source_ids:
                    err("story", idx, "source_ids", sid, "names a source that is not in sources.csv", "add the source to sources.csv or correct the id")
            for code in [c.strip() for c in r["countries"].split(";") if c.strip()] if country_codes else []:
                if code not in country_codes:
                    err("story", idx, "countries", code, "is not a country in countries.csv", "use ISO alpha-3 codes from countries.csv separated by ;")
    from tightrope import exposure_checks  # the exposure tables' own rules (one home)

    more, more_drop = exposure_checks.check(text)
    problems.extend(more)
    for name, labels in more_drop.items():
        drop[name] |= labels
    return problems, drop


# --- the dataset ------------------------------------------------------------------------------


@dataclass
class Dataset:
    """The loaded data: typed frames of valid rows, the report, and which files fell back.

    ``tables[name]`` has the columns of :data:`tightrope.schema.TABLES` ``[name]`` typed by
    :func:`tightrope.schema.coerce`, plus ``_row`` (spreadsheet row, int). ``fallbacks`` lists the
    files that could not be read and are shown from their last good version (or empty).
    """

    folder: Path
    tables: dict[str, pd.DataFrame]
    report: ValidationReport
    fallbacks: list[str] = field(default_factory=list)
    key: tuple = ()
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def memo(self, name: str, compute):
        """``compute()`` once per loaded dataset (it is cached with the data and dropped with it):
        for derived frames that do not depend on the viewer's choices."""
        if name not in self._memo:
            self._memo[name] = compute()
        return self._memo[name]

    @property
    def latest_date(self) -> date:
        """The latest event date in the data (contacts, measures, statements), capped at today."""
        candidates = []
        for name, cols in (("diplomatic_contacts", ["start"]), ("trade_measures", ["announced", "effective", "ended"]), ("statements", ["date"])):
            frame = self.tables[name]
            for c in cols:
                if not frame.empty and frame[c].notna().any():
                    candidates.append(frame[c].max())
        today = pd.Timestamp(date.today())
        if not candidates:
            return today.date()
        return min(max(candidates), today).date()

    @property
    def current_to(self) -> date:
        """The date the curators checked events up to (``MANIFEST.json``), else :attr:`latest_date`."""
        from tightrope import manifest

        return manifest.current_to(self.folder) or self.latest_date

    @property
    def gaps(self) -> list[dict[str, str]]:
        """Known gaps in the record, from ``MANIFEST.json`` (see :func:`tightrope.manifest.gaps`)."""
        from tightrope import manifest

        return self.memo("gaps", lambda: manifest.gaps(self.folder))

    @property
    def earliest_date(self) -> date:
        """The first contact's start date (the story's beginning); 2023-01-01 without contacts."""
        candidates = []
        for name, cols in (("diplomatic_contacts", ["start"]),):
            frame = self.tables[name]
            for c in cols:
                if not frame.empty and frame[c].notna().any():
                    candidates.append(frame[c].min())
        return min(candidates).date() if candidates else date(2023, 1, 1)


def empty_frame(table: Table) -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=str) for c in table.column_names})
    frame[ROW] = pd.Series(dtype="int64")
    return frame


def load_dataset(folder: Path | str | None = None) -> Dataset:
    """Load every table from ``folder`` (default :func:`data_dir`). Never raises for bad data.

    Returns a :class:`Dataset`; its ``report`` lists every problem. Source: the CSV files of the
    data folder, described in ``data/README.md``.
    """
    folder = Path(folder) if folder is not None else data_dir()
    report = ValidationReport()
    fallbacks: list[str] = []
    text: dict[str, pd.DataFrame] = {}
    for name, table in TABLES.items():
        frame, problems = read_table(folder, table)
        report.extend(problems)
        key = (str(folder.resolve()), name)
        if frame is None:
            if (folder / table.file).exists() and key in _LAST_GOOD:
                fallbacks.append(table.file)
                report.add(Problem(table.file, None, "", "", "could not be read; the dashboard shows the last version that loaded", "fix the problem above and save the file again"))
                frame = _LAST_GOOD[key]
            elif table.required_file or (folder / table.file).exists():
                if (folder / table.file).exists():
                    fallbacks.append(table.file)
                frame = empty_frame(table)
            else:
                frame = empty_frame(table)
        else:
            _LAST_GOOD[key] = frame
        text[name] = frame
    cross, drop = _cross_checks(text)
    report.extend(cross)
    from tightrope import manifest  # late import: manifest uses this module

    report.extend(manifest.check(folder))
    tables = {name: schema.coerce(TABLES[name], frame.drop(index=list(drop[name]))) for name, frame in text.items()}
    return Dataset(folder=folder, tables=tables, report=report, fallbacks=fallbacks, key=fingerprint(folder))
