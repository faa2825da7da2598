"""In-app editing of the curated tables, without Streamlit: loading the raw text
rows, validating before saving, atomic writes with a backup, and refusing a save that would
overwrite a change made on disk since the editor loaded the file.

The flow (``pages/data.py`` drives it):

1. :func:`load` -> :class:`Loaded`: every row of ``<folder>/<table>.csv`` as text (bad rows too,
   so they can be fixed), the SHA-256 of the bytes read, and the file's BOM and line endings.
2. The analyst edits a copy of ``Loaded.frame``; :func:`check` returns the problems the saved
   file would have, exactly as :func:`tightrope.store.load_dataset` would report them (it parses
   the CSV text that would be written), plus errors the edit would cause in other tables.
3. :func:`save` writes the CSV: under a lock it refuses with :class:`Conflict` when the file's
   SHA-256 is no longer the one loaded (someone else saved in between), copies the previous
   version to ``<folder>/.backups/<table>-<UTC timestamp>.csv``, writes a temporary file in the
   same folder and ``os.replace``-s it over the table, so a reader sees the old file or the new
   one, never half of one.

Who may edit is decided in :mod:`tightrope.access`; file primitives (atomic write, lock, hashing)
are in :mod:`tightrope.files`.

Length: one flow (load raw rows, check, diff, save with lock, backup and conflict check) whose steps
share the same file format details; access and file primitives already live apart.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from tightrope import files, reading, rules, store
from tightrope.schema import TABLES, Table
from tightrope.validation import Problem

BACKUPS = ".backups"
#: Backups kept per table; older ones are deleted after a save.
KEEP_BACKUPS = 50


# --- loading the raw rows -----------------------------------------------------------------------


def _table(table: Table | str) -> Table:
    return TABLES[table] if isinstance(table, str) else table


def columns_for(table: Table, header: Iterable[str]) -> list[str]:
    """The columns a saved file has: the table's contract columns in their documented order, then
    any extra columns the file already had (kept, in their order). Internal ``_`` columns never."""
    names = table.column_names
    extra = [h for h in header if h and h not in names and not str(h).startswith("_")]
    return names + extra


@dataclass(frozen=True)
class Loaded:
    """A table file as the editor sees it.

    ``frame``: every row, all cells ``str``, columns :func:`columns_for`, index 0..n-1 (row
    ``i`` is spreadsheet row ``i + 2`` once saved); ``sha256``: of the bytes read (``""`` when the
    file does not exist); ``problems``: what reading found (e.g. a row with too many cells, shown
    repaired); ``bom``/``newline``: kept when saving, so Excel keeps reading the file as before.
    """

    table: str
    frame: pd.DataFrame
    sha256: str
    problems: tuple[Problem, ...] = ()
    bom: bool = False
    newline: str = "\n"

    @property
    def columns(self) -> list[str]:
        return list(self.frame.columns)


def sha256_of(folder: Path | str, table: Table | str) -> str:
    """SHA-256 of the table file's bytes now, or ``""`` when it does not exist."""
    path = Path(folder) / _table(table).file
    try:
        return files.file_sha256(path)
    except FileNotFoundError:
        return ""


def load(folder: Path | str, table: Table | str) -> Loaded:
    """Read every row of ``<folder>/<table>.csv`` as text for editing.

    Raises :class:`tightrope.reading.Unreadable` when the file cannot be used at all (not UTF-8,
    header without a required column, broken quoting); its ``problem`` says how to fix it.
    A missing file loads as an empty table.
    """
    t = _table(table)
    path = Path(folder) / t.file
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Loaded(t.name, normalise(pd.DataFrame(columns=t.column_names), t.column_names), "")
    text, notes = reading.decode_bytes(raw, t.file)
    frame, problems = reading.read_text_table(text, t, keep_malformed=True)
    columns = columns_for(t, frame.columns)
    return Loaded(
        t.name,
        normalise(frame, columns),
        files.bytes_sha256(raw),
        tuple(notes + problems),
        bom=raw.startswith(codecs.BOM_UTF8),
        newline="\r\n" if "\r\n" in text else "\n",
    )


# --- frame -> CSV text ---------------------------------------------------------------------------


def _cell(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return text.strip()


def normalise(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The frame as it will be saved and read back: exactly ``columns`` (missing ones empty), every
    cell ``str`` with ``None``/NaN as ``""``, surrounding spaces stripped, line breaks inside a
    cell as ``\\n``; rows with every cell empty dropped; index 0..n-1."""
    out = pd.DataFrame(
        {c: [_cell(v) for v in frame[c]] if c in frame else [""] * len(frame) for c in columns}, dtype=object
    )
    if len(out):
        out = out.loc[(out != "").any(axis=1)]
    return out.reset_index(drop=True).astype(object)


def to_csv_text(frame: pd.DataFrame, columns: list[str], newline: str = "\n") -> str:
    """CSV text of :func:`normalise` ``(frame, columns)``: a header row, comma-separated, values
    quoted only when they hold a comma, a quote or a line break."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=newline, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    writer.writerows(normalise(frame, columns).itertuples(index=False, name=None))
    return buf.getvalue()


def apply_edits(frame: pd.DataFrame, state: Mapping | None) -> pd.DataFrame:
    """Apply a ``st.data_editor`` edit state to the text ``frame`` the editor was created with.

    ``state`` is ``{"edited_rows": {position: {column: value}}, "deleted_rows": [position],
    "added_rows": [{column: value}]}`` (positions count rows of ``frame`` from 0); applied in the
    editor's order: cell edits, then deletions, then additions. The state comes from the browser,
    so unknown columns, positions out of range and malformed entries are ignored. Returns a new
    frame with the columns of ``frame`` and index 0..n-1; cells as given (see :func:`normalise`).
    """
    out = frame.copy().astype(object).reset_index(drop=True)
    if not isinstance(state, Mapping):
        return out
    columns = set(out.columns)
    edited = state.get("edited_rows") or {}
    if isinstance(edited, Mapping):
        for pos, cells in edited.items():
            try:
                i = int(pos)
            except (TypeError, ValueError):
                continue
            if 0 <= i < len(out) and isinstance(cells, Mapping):
                for col, value in cells.items():
                    if col in columns:
                        out.at[i, col] = value
    deleted = state.get("deleted_rows") or []
    if isinstance(deleted, (list, tuple)):
        drop = {int(p) for p in deleted if isinstance(p, int) or (isinstance(p, str) and p.isdigit())}
        out = out.drop(index=[i for i in drop if 0 <= i < len(out)]).reset_index(drop=True)
    added = state.get("added_rows") or []
    if isinstance(added, (list, tuple)):
        rows = [{c: row.get(c) for c in out.columns} for row in added if isinstance(row, Mapping)]
        if rows:
            out = pd.concat([out, pd.DataFrame(rows, columns=out.columns, dtype=object)], ignore_index=True)
    return out


# --- validate before saving ----------------------------------------------------------------------


def _valid_text_frames(folder: Path) -> dict[str, pd.DataFrame]:
    """The valid text rows of every table on disk (a file that cannot be read: its last good
    version in this process, else empty), as :func:`tightrope.store.load_dataset` uses them."""
    out = {}
    for name, t in TABLES.items():
        frame, _ = store.read_table(folder, t)
        if frame is None:
            frame = store.last_good(folder, t)
        out[name] = frame
    return out


def check(
    folder: Path | str, table: Table | str, frame: pd.DataFrame, columns: list[str] | None = None
) -> list[Problem]:
    """Every problem the table would have if ``frame`` were saved: reading and cell problems,
    cross-table problems of its rows, and errors it would newly cause in other tables (e.g. a
    deleted source still cited by a measure). Rows are numbered as in the saved file (row ``i`` of
    :func:`normalise` is spreadsheet row ``i + 2``). Never raises for bad data."""
    t = _table(table)
    folder = Path(folder)
    columns = columns or columns_for(t, frame.columns)
    try:
        parsed, problems = reading.read_text_table(to_csv_text(frame, columns), t)
    except reading.Unreadable as exc:  # cannot happen for a frame with every contract column; kept safe
        return [exc.problem]
    valid, more = rules.validate_frame(parsed, t)
    problems = problems + more
    others = _valid_text_frames(folder)
    before, _ = rules.cross_checks(others)
    after, _ = rules.cross_checks({**others, t.name: valid})
    known = set(before)
    problems += [p for p in after if p.file == t.file or p not in known]
    return problems


# --- differences between two versions ------------------------------------------------------------


DIFF_COLUMNS = ["change", "row", "key", "column", "before", "after"]


def diff_rows(before: pd.DataFrame, after: pd.DataFrame, table: Table | str) -> pd.DataFrame:
    """What changed from ``before`` to ``after`` (two text frames of the table, e.g. the version
    an editor loaded and the version now on disk).

    Returns a frame with columns ``change`` (added | removed | changed), ``row`` (spreadsheet row:
    in ``after`` for added and changed rows, in ``before`` for removed ones), ``key`` (the row's
    id, e.g. ``measure_id``, when the table has unique ids), ``column``, ``before``, ``after``
    (one line per changed cell). Tables without unique ids compare whole rows.
    """
    t = _table(table)
    columns = columns_for(t, list(before.columns) + [c for c in after.columns if c not in before.columns])
    a, b = normalise(before, columns), normalise(after, columns)
    out: list[dict] = []
    key = t.key
    keyed = key is not None and a[key].is_unique and b[key].is_unique and (a[key] != "").all() and (b[key] != "").all()
    if keyed:
        ia = {k: i for i, k in enumerate(a[key])}
        ib = {k: i for i, k in enumerate(b[key])}
        for k, i in ia.items():
            if k not in ib:
                out.append(
                    {
                        "change": "removed",
                        "row": i + 2,
                        "key": k,
                        "column": "",
                        "before": " | ".join(a.iloc[i]),
                        "after": "",
                    }
                )
        for k, j in ib.items():
            if k not in ia:
                out.append(
                    {
                        "change": "added",
                        "row": j + 2,
                        "key": k,
                        "column": "",
                        "before": "",
                        "after": " | ".join(b.iloc[j]),
                    }
                )
                continue
            i = ia[k]
            for c in columns:
                if a.at[i, c] != b.at[j, c]:
                    out.append(
                        {
                            "change": "changed",
                            "row": j + 2,
                            "key": k,
                            "column": c,
                            "before": a.at[i, c],
                            "after": b.at[j, c],
                        }
                    )
    else:
        ra = [tuple(r) for r in a.itertuples(index=False, name=None)]
        rb = [tuple(r) for r in b.itertuples(index=False, name=None)]
        only_a = Counter(ra) - Counter(rb)
        only_b = Counter(rb) - Counter(ra)
        for i, r in enumerate(ra):
            if only_a[r]:
                only_a[r] -= 1
                out.append(
                    {"change": "removed", "row": i + 2, "key": "", "column": "", "before": " | ".join(r), "after": ""}
                )
        for j, r in enumerate(rb):
            if only_b[r]:
                only_b[r] -= 1
                out.append(
                    {"change": "added", "row": j + 2, "key": "", "column": "", "before": "", "after": " | ".join(r)}
                )
    frame = pd.DataFrame(out, columns=DIFF_COLUMNS)
    frame["row"] = frame["row"].astype("int64")
    order = frame["change"].map({"removed": 0, "changed": 1, "added": 2})
    return (
        frame.assign(_order=order)
        .sort_values(["row", "_order"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


# --- saving ---------------------------------------------------------------------------------------


class Conflict(Exception):
    """The file changed on disk since the editor loaded it; nothing was written.

    ``expected``: the SHA-256 the editor loaded; ``current``: the SHA-256 on disk now (``""`` if
    the file was deleted)."""

    def __init__(self, file: str, expected: str, current: str):
        super().__init__(
            f"{file} changed on disk since it was loaded; the save was refused so the other change is not lost"
        )
        self.file = file
        self.expected = expected
        self.current = current


@dataclass(frozen=True)
class Saved:
    """A finished save: the file, its new SHA-256, the backup of the previous version (``None``
    when there was no previous file or nothing changed), the number of rows written, and whether
    the bytes changed at all."""

    path: Path
    sha256: str
    backup: Path | None
    rows: int
    changed: bool = True
    removed_backups: list[Path] = field(default_factory=list)


@contextmanager
def _locked(folder: Path) -> Iterator[Path]:
    """An exclusive lock on ``<folder>/.backups/.lock`` (saves by other sessions and processes
    wait); yields the backups folder."""
    backups = folder / BACKUPS
    with files.locked(backups):
        yield backups


def _backup(backups: Path, table: Table, data: bytes, now: datetime) -> Path:
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backups / f"{table.name}-{stamp}.csv"
    n = 1
    while target.exists():
        target = backups / f"{table.name}-{stamp}-{n}.csv"
        n += 1
    files.atomic_write(target, data)
    return target


def backups_of(folder: Path | str, table: Table | str) -> list[Path]:
    """The backups of a table, oldest first."""
    t = _table(table)
    return sorted((Path(folder) / BACKUPS).glob(f"{t.name}-*.csv"))


def save(
    folder: Path | str,
    table: Table | str,
    frame: pd.DataFrame,
    expected_sha256: str,
    *,
    columns: list[str] | None = None,
    bom: bool = False,
    newline: str = "\n",
    now: datetime | None = None,
    keep: int = KEEP_BACKUPS,
) -> Saved:
    """Save ``frame`` as ``<folder>/<table>.csv`` if the file is still the version loaded.

    ``expected_sha256`` is :attr:`Loaded.sha256` (``""`` for a file that did not exist). Under an
    exclusive lock: if the file's SHA-256 differs, raise :class:`Conflict` and write nothing;
    else copy the current file to ``<folder>/.backups/<table>-<UTC timestamp>.csv`` and replace it
    atomically with :func:`to_csv_text` of ``frame`` (UTF-8, with a BOM if ``bom``). Only the
    newest ``keep`` backups of the table are kept. Saving unchanged content writes nothing.
    Does not validate: call :func:`check` first.
    """
    t = _table(table)
    folder = Path(folder)
    columns = columns or columns_for(t, frame.columns)
    data = (codecs.BOM_UTF8 if bom else b"") + to_csv_text(frame, columns, newline).encode("utf-8")
    rows = len(normalise(frame, columns))
    path = folder / t.file
    with _locked(folder) as backups:
        try:
            old = path.read_bytes()
        except FileNotFoundError:
            old = None
        current = files.bytes_sha256(old) if old is not None else ""
        if current != expected_sha256:
            raise Conflict(t.file, expected_sha256, current)
        if old == data:
            return Saved(path, current, None, rows, changed=False)
        backup = _backup(backups, t, old, now or datetime.now(UTC)) if old is not None else None
        files.atomic_write(path, data)
        removed = backups_of(folder, t)[:-keep] if keep > 0 else []
        for p in removed:
            p.unlink(missing_ok=True)
    return Saved(path, files.bytes_sha256(data), backup, rows, True, removed)
