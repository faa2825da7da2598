"""Validation results an analyst can act on.

A :class:`ValidationReport` holds one :class:`Problem` per bad cell, row or file: the file name,
the row number as a spreadsheet shows it (header = row 1; ``None`` for a whole-file problem), the
column, the bad value (as text), what is wrong and how to fix it, and a severity (``error`` leaves
the row out of the views; ``warning`` keeps it).

:func:`explain` turns a pandera check name and a bad value into the message and the fix.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass, field

import pandas as pd
import pycountry

from tightrope.schema import GROUP_CODES, Col, Table, is_iso_date

ERROR = "error"
WARNING = "warning"
#: ``Problem.kind`` of a header column that looks like a contract column renamed (its cells would
#: silently show empty): shown on every page, not only on the Data page.
RENAMED_COLUMN = "renamed_column"


@dataclass(frozen=True)
class Problem:
    """One problem. ``row`` is the spreadsheet row (header = 1) or ``None`` for the whole file;
    ``kind`` names problems the app shows beyond the Data page (:data:`RENAMED_COLUMN`), else ``""``."""

    file: str
    row: int | None
    column: str
    value: str
    message: str
    fix: str
    severity: str = ERROR
    kind: str = ""

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}, row {self.row}"
        if self.column:
            where += f", column {self.column}"
        value = f" (value: {self.value!r})" if self.value != "" else ""
        return f"{self.severity.upper()} {where}{value}: {self.message}. Fix: {self.fix}"


@dataclass
class ValidationReport:
    """All problems found in one load of the data folder, errors and warnings together."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def renamed_columns(self) -> list[Problem]:
        """Header columns that look like a contract column renamed (see :data:`RENAMED_COLUMN`)."""
        return [p for p in self.problems if p.kind == RENAMED_COLUMN]

    @property
    def ok(self) -> bool:
        return not self.errors

    def for_file(self, file: str) -> list[Problem]:
        return [p for p in self.problems if p.file == file]

    def to_frame(self) -> pd.DataFrame:
        """Columns: severity, file, row (Int64), column, value, message, fix."""
        cols = ["severity", "file", "row", "column", "value", "message", "fix"]
        if not self.problems:
            return pd.DataFrame({c: pd.Series(dtype="Int64" if c == "row" else "str") for c in cols})
        frame = pd.DataFrame([asdict(p) for p in self.problems])[cols]
        frame["row"] = frame["row"].astype("Int64")
        return frame.sort_values(["severity", "file", "row"], na_position="first", kind="stable")

    def summary(self) -> str:
        return f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)"


# --- messages ------------------------------------------------------------------------------------

_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})$")


def _suggest_iso3(value: str) -> str:
    text = value.strip()
    if text.upper() != text and pycountry.countries.get(alpha_3=text.upper()):
        return f"write it in capitals: {text.upper()}"
    if len(text) == 2 and pycountry.countries.get(alpha_2=text.upper()):
        c = pycountry.countries.get(alpha_2=text.upper())
        return f"that is an alpha-2 code; use the alpha-3 code {c.alpha_3} ({c.name})"
    try:
        found = pycountry.countries.search_fuzzy(text)
    except LookupError:
        found = []
    if found:
        return f"use the ISO 3166-1 alpha-3 code, e.g. {found[0].alpha_3} for {found[0].name}"
    return "use an ISO 3166-1 alpha-3 code such as JPN, USA, CHN, VNM"


def _number_fix(value: str) -> tuple[str, str]:
    text = value.strip()
    if text.endswith("%"):
        return "has a % sign", f"write the number alone: {text.rstrip('%').strip()} (rates are percent already)"
    if re.match(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$", text):
        return "has thousands separators", f"write it without commas: {text.replace(',', '')}"
    if re.match(r"^-?\d+,\d+$", text):
        return "uses a decimal comma", f"use a decimal point: {text.replace(',', '.')}"
    if re.match(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$", text):
        return (
            "is written the European way (dots between thousands, decimal comma)",
            f"write it as {text.replace('.', '').replace(',', '.')}",
        )
    if re.match(r"^-?\d{1,3}([ \u00a0\u202f']\d{3})+(\.\d+)?$", text):
        plain = re.sub(r"[ \u00a0\u202f']", "", text)
        return "has spaces or apostrophes between the thousands", f"write it without them: {plain}"
    if (
        re.match(r"^[-+]?\s*[$€¥£]\s*\d", text)
        or re.match(r"^-?\d[\d.,]*\s*[$€¥£]$", text)
        or re.search(r"\b(USD|JPY|EUR)\b", text)
    ):
        return "has a currency sign or code", "write the number alone; the unit column says the currency"
    return "is not a plain number", "write digits with an optional decimal point, e.g. 25 or 12.5"


def explain(check: str, value: str, col: Col | None, table: Table) -> tuple[str, str]:
    """Return ``(message, fix)`` for a failed pandera ``check`` on ``value`` in ``col``."""
    name = col.name if col else ""
    if check == "required":
        return "is empty but required", f"fill in {name}"
    if check == "iso_date":
        m = _DMY.match(value.strip())
        if m:
            return (
                "is not written YYYY-MM-DD (day and month order is ambiguous, so it is never guessed)",
                "rewrite it as YYYY-MM-DD, e.g. 2025-04-03; in Excel format the column as Text or yyyy-mm-dd",
            )
        if re.match(r"^\d{4}-\d{2}-\d{2}$", value.strip()):
            return "is not a real calendar day", "check the month and day"
        m = re.match(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}.*)?$", value.strip())
        if m:
            iso = f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"
            if not is_iso_date(iso):
                return (
                    "is not a real calendar day written YYYY-MM-DD",
                    "check the month and day, and write it as YYYY-MM-DD",
                )
            if re.search(r"[ T]\d{1,2}:\d{2}", value):
                return "has a time of day; dates are calendar days", f"keep only the day: {iso}"
            return "is not written YYYY-MM-DD (two-digit month and day, separated by -)", f"write it as {iso}"
        return "is not a date written YYYY-MM-DD", "write the date as YYYY-MM-DD, e.g. 2025-04-03"
    if check in ("iso3", "iso3_or_group"):
        extra = f" or one of {', '.join(sorted(GROUP_CODES))}" if check == "iso3_or_group" else ""
        return f"is not an ISO 3166-1 alpha-3 country code{extra}", _suggest_iso3(value)
    if check == "http_url":
        return (
            "is not an http(s) link",
            "give the full address starting with https:// or http:// (other schemes are not allowed)",
        )
    if check == "number":
        return _number_fix(value)
    if check == "range":
        lo, hi = (col.min_value, col.max_value) if col else (None, None)
        if col and col.kind == "lat":
            lo, hi = -90, 90
        if col and col.kind == "lon":
            lo, hi = -180, 180
        return (
            "is out of range",
            f"use a value between {lo:g} and {hi:g}" if hi is not None else f"use a value of at least {lo:g}",
        )
    if check == "year_month":
        return (
            "is not a calendar month written YYYY-MM",
            "write the month as YYYY-MM with a month from 01 to 12, e.g. 2025-04",
        )
    if check == "year":
        return (
            "is not a four-digit calendar year",
            "write the calendar year, e.g. 2024 (never a fiscal year like FY2024)",
        )
    if check == "allowed_value":
        allowed = col.values if col else ()
        close = difflib.get_close_matches(value.strip().lower(), allowed, n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        return "is not an allowed value", f"{hint}use one of: {', '.join(allowed)}"
    if check == "slug":
        return "is not a slug (lower-case letters, digits, - or _)", "e.g. us-jpn-autos-2025 or all_goods"
    if check == "slug_list":
        return "is not a list of slugs separated by ;", "e.g. tariffs; seafood; supply_chains"
    if check == "field_uniqueness":
        return f"appears more than once in {name}", f"give every row its own {name}, or delete the duplicate row"
    return f"failed check {check}", "correct the value"
