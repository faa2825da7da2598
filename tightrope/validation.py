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
import unicodedata
from dataclasses import asdict, dataclass, field

import pandas as pd
import pycountry

from tightrope.i18n import gettext as _
from tightrope.i18n import is_ja
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
        where = self.file if self.row is None else _("{file}, row {row}").format(file=self.file, row=self.row)
        if self.column:
            where += _(", column {column}").format(column=self.column)
        value = _(" (value: {value})").format(value=repr(self.value)) if self.value != "" else ""
        severity = _("ERROR") if self.severity == ERROR else _("WARNING")
        return _("{severity} {where}{value}: {message}. Fix: {fix}").format(
            severity=severity, where=where, value=value, message=self.sentence, fix=self.fix
        )

    @property
    def sentence(self) -> str:
        """``message`` as the predicate of a sentence about the value (or the file): as it is in
        English ("is empty but required"); in Japanese with its subject (値 / ファイル / 列) put in front,
        since the Japanese messages are written as predicates ("が空欄です（必須）")."""
        if not is_ja() or self.message[:1] not in ("が", "は", "に", "で", "の"):
            return self.message
        if self.row is None or (self.row == 1 and not self.value):
            subject = "列" if self.row == 1 and self.column else "ファイル"
        else:
            subject = "値"
        return subject + self.message


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
        frame["message"] = [p.sentence for p in self.problems]
        frame["row"] = frame["row"].astype("Int64")
        return frame.sort_values(["severity", "file", "row"], na_position="first", kind="stable")

    def summary(self) -> str:
        return _("{errors} error(s), {warnings} warning(s)").format(
            errors=len(self.errors), warnings=len(self.warnings)
        )


# --- messages ------------------------------------------------------------------------------------

_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})$", re.ASCII)
#: A date written the Japanese way: 2025年4月9日 (digits half- or full-width, after NFKC)
_JA_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$", re.ASCII)


def _suggest_iso3(value: str) -> str:
    text = value.strip()
    if text.upper() != text and pycountry.countries.get(alpha_3=text.upper()):
        return _("write it in capitals: {code}").format(code=text.upper())
    if len(text) == 2 and pycountry.countries.get(alpha_2=text.upper()):
        c = pycountry.countries.get(alpha_2=text.upper())
        return _("that is an alpha-2 code; use the alpha-3 code {code} ({name})").format(code=c.alpha_3, name=c.name)
    try:
        found = pycountry.countries.search_fuzzy(text)
    except LookupError:
        found = []
    if found:
        return _("use the ISO 3166-1 alpha-3 code, e.g. {code} for {name}").format(
            code=found[0].alpha_3, name=found[0].name
        )
    return _("use an ISO 3166-1 alpha-3 code such as JPN, USA, CHN, VNM")


def halfwidth(text: str) -> str:
    """``text`` with full-width forms as ASCII: Unicode NFKC, plus the ideographic comma (、 -> ,)
    and the minus sign (− -> -), which NFKC leaves alone (see :mod:`tightrope.fullwidth`)."""
    return unicodedata.normalize("NFKC", text).translate(str.maketrans({"、": ",", "−": "-", "\u3000": " "}))


def _number_fix(value: str) -> tuple[str, str]:
    message, fix = _number_problem(halfwidth(value).strip())
    if halfwidth(value) != value:
        message = _("is typed with full-width (Japanese input) characters and {message}").format(message=message)
        fix = _("{fix}, in half-width characters").format(fix=fix)
    return message, fix


def _number_problem(text: str) -> tuple[str, str]:
    if text.endswith("%"):
        return _("has a percent sign (%)"), _("write the number alone: {plain} (rates are percent already)").format(
            plain=text.rstrip("%").strip()
        )
    if re.match(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$", text, re.ASCII):
        return _("has thousands separators"), _("write it without commas: {plain}").format(plain=text.replace(",", ""))
    if re.match(r"^-?\d+,\d+$", text, re.ASCII):
        return _("uses a decimal comma"), _("use a decimal point: {plain}").format(plain=text.replace(",", "."))
    if re.match(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$", text, re.ASCII):
        return (
            _("is written the European way (dots between thousands, decimal comma)"),
            _("write it as {plain}").format(plain=text.replace(".", "").replace(",", ".")),
        )
    if re.match(r"^-?\d{1,3}([ \u00a0\u202f']\d{3})+(\.\d+)?$", text, re.ASCII):
        plain = re.sub(r"[ \u00a0\u202f']", "", text)
        return _("has spaces or apostrophes between the thousands"), _("write it without them: {plain}").format(
            plain=plain
        )
    if (
        re.match(r"^[-+]?\s*[$€¥£]\s*\d", text)
        or re.match(r"^-?\d[\d.,]*\s*[$€¥£円]$", text)
        or re.search(r"\b(USD|JPY|EUR)\b", text)
    ):
        return _("has a currency sign or code"), _("write the number alone; the unit column says the currency")
    return _("is not a plain number"), _("write digits with an optional decimal point, e.g. 25 or 12.5")


def explain(check: str, value: str, col: Col | None, table: Table) -> tuple[str, str]:
    """Return ``(message, fix)`` for a failed pandera ``check`` on ``value`` in ``col``."""
    name = col.name if col else ""
    if check == "required":
        return _("is empty but required"), _("fill in {column}").format(column=name)
    if check == "iso_date":
        return _date_problem(value)
    if check in ("iso3", "iso3_or_group"):
        if check == "iso3_or_group":
            return _("is not an ISO 3166-1 alpha-3 country code or one of {groups}").format(
                groups=", ".join(sorted(GROUP_CODES))
            ), _suggest_iso3(value)
        return _("is not an ISO 3166-1 alpha-3 country code"), _suggest_iso3(value)
    if check == "http_url":
        return (
            _("is not an http(s) link"),
            _("give the full address starting with https:// or http:// (other schemes are not allowed)"),
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
            _("is out of range"),
            _("use a value between {lo} and {hi}").format(lo=f"{lo:g}", hi=f"{hi:g}")
            if hi is not None
            else _("use a value of at least {lo}").format(lo=f"{lo:g}"),
        )
    if check == "year_month":
        return (
            "is not a calendar month written YYYY-MM",
            "write the month as YYYY-MM with a month from 01 to 12, e.g. 2025-04",
        )
    if check == "year":
        if not value.isascii() and re.match(r"^\d{4}$", halfwidth(value).strip(), re.ASCII):
            return (
                _("is typed with full-width (Japanese input) characters"),
                _("retype it with half-width digits: {plain}").format(plain=halfwidth(value).strip()),
            )
        return (
            _("is not a four-digit calendar year"),
            _("write the calendar year, e.g. 2024 (never a fiscal year like FY2024)"),
        )
    if check == "allowed_value":
        allowed = col.values if col else ()
        close = difflib.get_close_matches(halfwidth(value).strip().lower(), allowed, n=1)
        hint = _("did you mean {value}? ").format(value=close[0]) if close else ""
        return _("is not an allowed value"), hint + _("use one of: {values}").format(values=", ".join(allowed))
    if check == "slug":
        return _("is not a slug (lower-case letters, digits, - or _)"), _("e.g. us-jpn-autos-2025 or all_goods")
    if check == "slug_list":
        return _("is not a list of slugs separated by ;"), _("e.g. tariffs; seafood; supply_chains")
    if check == "field_uniqueness":
        return _("appears more than once in {column}").format(column=name), _(
            "give every row its own {column}, or delete the duplicate row"
        ).format(column=name)
    return _("failed check {check}").format(check=check), _("correct the value")


def _date_problem(value: str) -> tuple[str, str]:
    """``(message, fix)`` for a cell that is not a date written ``YYYY-MM-DD``."""
    typed = value.strip()
    text = halfwidth(typed).strip()
    m = _JA_DATE.match(text)
    if m:
        iso = f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"
        if is_iso_date(iso):
            return (
                _("is written the Japanese way (年月日); dates are written YYYY-MM-DD"),
                _("write it as {iso} (YYYY-MM-DD, half-width digits)").format(iso=iso),
            )
    if text != typed and is_iso_date(text):
        return (
            _(
                "is typed with full-width (Japanese input) characters; "
                "dates are written YYYY-MM-DD in half-width digits"
            ),
            _("write it as {iso} (YYYY-MM-DD, half-width digits)").format(iso=text),
        )
    m = _DMY.match(text)
    if m:
        return (
            _("is not written YYYY-MM-DD (day and month order is ambiguous, so it is never guessed)"),
            _("rewrite it as YYYY-MM-DD, e.g. 2025-04-03; in Excel format the column as Text or yyyy-mm-dd"),
        )
    if re.match(r"^\d{4}-\d{2}-\d{2}$", text, re.ASCII):
        return _("is not a real calendar day"), _("check the month and day")
    m = re.match(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}.*)?$", text, re.ASCII)
    if m:
        iso = f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"
        if not is_iso_date(iso):
            return (
                _("is not a real calendar day written YYYY-MM-DD"),
                _("check the month and day, and write it as YYYY-MM-DD"),
            )
        if re.search(r"[ T]\d{1,2}:\d{2}", text):
            return _("has a time of day; dates are calendar days"), _("keep only the day: {iso}").format(iso=iso)
        return (
            _("is not written YYYY-MM-DD (two-digit month and day, separated by -)"),
            _("write it as {iso}").format(iso=iso),
        )
    return _("is not a date written YYYY-MM-DD"), _("write the date as YYYY-MM-DD, e.g. 2025-04-03")
