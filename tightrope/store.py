"""Read the curated data folder into a :class:`Dataset`, never raising on bad input.

``load_dataset(data_dir)`` reads every table of :data:`tightrope.schema.TABLES` from
``<data_dir>/<table>.csv`` and returns typed frames holding only the rows that passed validation,
plus a :class:`~tightrope.validation.ValidationReport`. Each frame keeps a ``_row`` column: the
row number as a spreadsheet shows it (header = row 1), so every view can point back to the file.

Robustness policy (the data contract in data/README.md):

* a bad cell makes its row an error: the row is left out of the views and reported;
* a file that cannot be read at all (not UTF-8, a required column missing, unreadable quoting)
  falls back to the last version of that file that loaded in this process, reported with a
  banner (``Dataset.fallbacks``); with no earlier version the table is empty;
* a UTF-8 byte-order mark, Windows line endings, stray spaces around cells, blank lines and
  semicolon-separated files (European Excel) are read correctly; the semicolon gets a warning.

The data folder is ``data/`` beside the package unless ``TIGHTROPE_DATA_DIR`` names another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from tightrope import i18n, manifest, schema
from tightrope.files import data_dir, fingerprint
from tightrope.i18n import gettext as _
from tightrope.reading import ROW, Unreadable, decode_bytes, read_text_table
from tightrope.rules import cross_checks, validate_frame
from tightrope.schema import TABLES, Table
from tightrope.validation import Problem, ValidationReport

#: Last version of each file that loaded, per process: {(folder, table): text frame}.
_LAST_GOOD: dict[tuple[str, str], pd.DataFrame] = {}
#: Parsed files, so an unchanged file is never parsed twice: {(path, language): (size, mtime_ns, inode, result)}.
_PARSED: dict[tuple[str, str], tuple[int, int, int, tuple]] = {}
PARSE_COUNT: dict[str, int] = {}


def last_good(folder: Path, table: Table) -> pd.DataFrame:
    """The last text frame of ``table`` that loaded from ``folder`` in this process, else an empty
    frame with the table's columns (what :func:`load_dataset` shows for an unreadable file)."""
    return _LAST_GOOD.get((str(Path(folder).resolve()), table.name), empty_frame(table))


def read_table(folder: Path, table: Table) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read and validate one table file. Returns ``(text frame of valid rows or None, problems)``;
    ``None`` when the file is missing or unreadable (the problem says which)."""
    path = folder / table.file
    if not path.exists():
        if not table.required_file:
            return None, []
        return None, [
            Problem(
                table.file,
                None,
                "",
                "",
                _("is missing from the data folder"),
                _("restore {file} (see data/README.md for its columns)").format(file=table.file),
            )
        ]
    st = path.stat()
    key = str(path.resolve())
    cached = _PARSED.get((key, i18n.language()))  # the problems are written in the current language
    if cached and cached[:3] == (st.st_size, st.st_mtime_ns, st.st_ino):
        return cached[3]
    result = _parse_file(path, table)
    _PARSED[(key, i18n.language())] = (st.st_size, st.st_mtime_ns, st.st_ino, result)
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
        """The latest event date in the data (contacts, measures, statements), capped at today;
        computed once per dataset and day (every rerun of every page asks for it)."""
        today = date.today()
        return self.memo(f"latest_date:{today.isoformat()}", lambda: self._latest_date(today))

    def _latest_date(self, today_date: date) -> date:
        candidates = []
        for name, cols in (
            ("diplomatic_contacts", ["start"]),
            ("trade_measures", ["announced", "effective", "ended"]),
            ("statements", ["date"]),
        ):
            frame = self.tables[name]
            for c in cols:
                if not frame.empty and frame[c].notna().any():
                    candidates.append(frame[c].max())
        today = pd.Timestamp(today_date)
        if not candidates:
            return today.date()
        return min(max(candidates), today).date()

    @property
    def current_to(self) -> date:
        """The date the curators checked events up to (``MANIFEST.json``), else :attr:`latest_date`."""
        return manifest.current_to(self.folder) or self.latest_date

    @property
    def gaps(self) -> list[dict[str, str]]:
        """Known gaps in the record, from ``MANIFEST.json`` (see :func:`tightrope.manifest.gaps`)."""
        return self.memo("gaps", lambda: manifest.gaps(self.folder))

    @property
    def earliest_date(self) -> date:
        """The first contact's start date (the story's beginning); 2023-01-01 without contacts.
        Computed once per dataset."""
        return self.memo("earliest_date", self._earliest_date)

    def _earliest_date(self) -> date:
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
                report.add(
                    Problem(
                        table.file,
                        None,
                        "",
                        "",
                        _("could not be read; the dashboard shows the last version that loaded"),
                        _("fix the problem above and save the file again"),
                    )
                )
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
    cross, drop = cross_checks(text)
    report.extend(cross)
    report.extend(manifest.check(folder))
    tables = {name: schema.coerce(TABLES[name], frame.drop(index=list(drop[name]))) for name, frame in text.items()}
    return Dataset(folder=folder, tables=tables, report=report, fallbacks=fallbacks, key=fingerprint(folder))
