"""Decode and split one CSV table file into an all-text frame, never guessing silently.

:func:`decode_bytes` turns a file's bytes into text (UTF-8 with or without a byte-order mark; UTF-16
with a warning; anything else is :class:`Unreadable`, naming the likely legacy encoding).
:func:`read_text_table` splits the text into a frame of ``str`` cells with a ``_row`` column (the
row number as a spreadsheet shows it, header = row 1). Semicolon- or tab-separated files, stray
spaces, blank lines and numbers written with a thousands comma are handled and reported.

Length: one reader (decode, split, check the header, rebuild rows) whose every message an analyst
reads, in English or Japanese; each step is a small function, kept together in reading order.
"""

from __future__ import annotations

import csv
import difflib
import io
import re

import pandas as pd

from tightrope.i18n import gettext as _
from tightrope.schema import Table
from tightrope.validation import RENAMED_COLUMN, WARNING, Problem

ROW = "_row"


class Unreadable(Exception):
    """The file cannot be used at all; ``problem`` says why and how to fix it."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


#: Legacy encodings an analyst's spreadsheet may have used, tried (only to name it) in this order.
_LEGACY = (
    ("cp932", "Shift-JIS (Japanese Windows)"),
    ("cp1258", "Windows-1258 (Vietnamese)"),
    ("cp1252", "Windows-1252 (Western Europe)"),
)
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
            return text, [
                Problem(
                    file,
                    None,
                    "",
                    "",
                    _("is UTF-16 text (Excel's Unicode Text); it was read, but other tools may not read it"),
                    _('save it as "CSV UTF-8 (Comma delimited)"'),
                    WARNING,
                )
            ]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        guessed = guess_legacy_encoding(raw)
        guess = _("; it looks like {encoding}").format(encoding=guessed[1]) if guessed else ""
        row, column = _locate_byte(raw, exc.start)
        raise Unreadable(
            Problem(
                file,
                row,
                column,
                f"byte 0x{raw[exc.start]:02x}",
                _("is not UTF-8 text{guess}, so names would be garbled; the file was not read").format(guess=guess),
                _(
                    'save it again as UTF-8: in Excel "Save As > CSV UTF-8 '
                    '(Comma delimited)", in a text editor choose UTF-8'
                ),
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
        message = _("opens a double quote that is never closed, so the rest of the file cannot be read")
    elif "expected after" in reason:
        message = _("has text right after a closing double quote")
    else:
        message = _("is not valid CSV ({reason})").format(reason=reason)
    fix = _(
        'close the quote, or write a quote inside a value as two ("") and wrap '
        'the whole value in double quotes, e.g. "He said ""yes"", then left"'
    )
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


def _header_key(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().lower())


def renamed_from(header: str, absent: list[str]) -> str | None:
    """The contract column (of ``absent``, those missing from the header) that the unknown header
    ``header`` most likely is, renamed or misspelt (``Participants``, ``venue city``), else None."""
    key = _header_key(header)
    by_key = {_header_key(c): c for c in absent}
    if key in by_key:
        return by_key[key]
    close = difflib.get_close_matches(key, list(by_key), n=1, cutoff=0.75)
    return by_key[close[0]] if close else None


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
        what = _("semicolons (European Excel)") if delimiter == ";" else _("tabs")
        problems.append(
            Problem(
                file,
                1,
                "",
                "",
                _("is separated by {what}; it was read as such").format(what=what),
                _("save it with commas as separators (CSV UTF-8) so every tool reads it"),
                WARNING,
            )
        )
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
        raise Unreadable(
            Problem(
                file,
                1,
                "",
                "",
                _("has no header row"),
                _("the first row must name the columns: {columns}").format(columns=", ".join(table.column_names)),
            )
        )
    header = [h.strip() for h in records[0]]
    missing = [c.name for c in table.columns if not c.optional_header and c.name not in header]
    if missing:
        unknown = {re.sub(r"[\s-]+", "_", h.lower()): h for h in header if h and h not in table.column_names}
        hints = [
            _("{old} to {new}").format(old=repr(unknown[close[0]]), new=m)
            for m in missing
            if (close := difflib.get_close_matches(m, list(unknown), n=1, cutoff=0.75))
        ]
        hint = _(" (rename {hints})").format(hints=", ".join(hints)) if hints else ""
        raise Unreadable(
            Problem(
                file,
                1,
                ", ".join(missing),
                "",
                _("the header lacks required column(s), so the file cannot be used"),
                _(
                    "add the column(s) {columns} to the header row, spelled exactly "
                    "so{hint} (a column whose cells may be blank must still be named)"
                ).format(columns=", ".join(missing), hint=hint),
            )
        )
    dupes = {h for h in header if header.count(h) > 1 and h}
    if dupes:
        raise Unreadable(
            Problem(
                file,
                1,
                ", ".join(sorted(dupes)),
                "",
                _("the header names a column twice"),
                _("keep one column of each name"),
            )
        )
    known = set(table.column_names)
    absent = [c for c in table.column_names if c not in header]
    for h in header:
        if h and h not in known and not h.startswith("_"):
            renamed = renamed_from(h, absent)
            if renamed:
                problems.append(
                    Problem(
                        file,
                        1,
                        h,
                        "",
                        _(
                            "looks like the column {column} renamed; {column} is missing from "
                            "the header, so its cells show empty wherever this table is used"
                        ).format(column=renamed),
                        _("rename the column {old} back to {column}").format(old=repr(h), column=renamed),
                        WARNING,
                        RENAMED_COLUMN,
                    )
                )
                continue
            problems.append(
                Problem(
                    file,
                    1,
                    h,
                    "",
                    _("is not a column of this table; it is kept in the file but not shown"),
                    _("remove it or rename it to one of: {columns}").format(columns=", ".join(table.column_names)),
                    WARNING,
                )
            )
    rows, numbers = [], []
    for i, rec in enumerate(records[1:], start=2):
        if not any(c.strip() for c in rec):
            continue
        if len(rec) != len(header):
            more = len(rec) > len(header)
            merged, at = (
                _merge_thousands(rec, len(header)) if delimiter == "," and len(rec) > len(header) else (rec, None)
            )
            if at is not None:
                number = merged[at]
                problem = Problem(
                    file,
                    i,
                    header[at],
                    number,
                    _(
                        "has {cells} cells but the header has {columns}: the number {number} "
                        "was written with a comma as thousands separator; the row was left out"
                    ).format(cells=len(rec), columns=len(header), number=number),
                    _("write it without the comma: {plain}").format(plain=number.replace(",", "")),
                )
            else:
                problem = Problem(
                    file,
                    i,
                    "",
                    delimiter.join(rec)[:80],
                    (
                        _("has {cells} cells but the header has {columns} (more than expected); the row was left out")
                        if more
                        else _(
                            "has {cells} cells but the header has {columns} (fewer than expected); the row was left out"
                        )
                    ).format(cells=len(rec), columns=len(header)),
                    _("wrap a value that contains a comma in double quotes, or add the missing cells"),
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
    frame = (
        pd.DataFrame(rows, columns=header, dtype=str)
        if rows
        else pd.DataFrame({h: pd.Series(dtype=str) for h in header})
    )
    frame = frame.loc[:, [h for h in header if h]]
    for col in table.columns:
        if col.name not in frame:
            frame[col.name] = ""
    frame[ROW] = pd.Series(numbers, dtype="int64", index=frame.index)
    return frame, problems
