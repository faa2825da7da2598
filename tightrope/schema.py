"""Table schemas for Tightrope's curated CSV tables, as pandera ``DataFrameSchema`` objects.

Every table is read as text first (so codes such as HS ``0101`` stay text and nothing is guessed),
then validated lazily by pandera: every failing cell is collected, never just the first. The
checks carry a ``name`` that :mod:`tightrope.validation` turns into a message an analyst can act
on (what is wrong, how to fix it). After validation, :func:`coerce` converts the valid rows to
typed columns: dates become ``datetime64[ns]`` (naive, calendar days), numbers ``float64``,
years ``Int64``; everything else stays ``str`` (empty string when blank).

Units: ``rate_pct`` is percent ad valorem as a number (``25`` means 25 %, not 0.25).
``trade_flows.value`` is in the row's ``unit`` (``JPY_bn`` = billions of yen, ``USD_bn``).

The column contract is documented for analysts in ``data/README.md``.

Length: the data contract, every table's columns and cell rules, in one place so an analyst's column
and its rule are never apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
import pandera.pandas as pa
import pycountry

from tightrope.registry import SLUGS

#: Codes that are not countries but are allowed where a partner or target may be a group.
GROUP_CODES = frozenset({"ALL", "ASEAN", "WORLD", "EU"})

REGIONS = ("East Asia", "Southeast Asia", "North America", "Other")
ROLES = ("focus", "power", "partner", "other")
SOURCE_KINDS = ("official", "news", "analysis")
MEASURE_TYPES = ("tariff", "import_ban", "export_control", "quota", "advisory")
RATE_BASES = ("additional", "total", "floor")
STATUSES = ("announced", "in_effect", "paused", "superseded", "lifted", "struck_down")
CHANNELS = (
    "leader_meeting",
    "leader_call",
    "letter",
    "ministerial_meeting",
    "negotiation_round",
    "parliamentary_delegation",
    "party_delegation",
    "summit_sidelines",
    "state_visit",
    "speech",
)
FLOWS = ("export", "import")
UNITS = ("JPY_bn", "USD_bn")
#: Story steps name a page by its slug (see :mod:`tightrope.registry`).
PAGES = SLUGS

SLUG_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
# ASCII only: Python's \d also matches full-width digits (１４６８２), which pandas cannot read
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
NUMBER_RE = re.compile(r"^-?\d+(?:\.\d+)?$", re.ASCII)
YEAR_RE = re.compile(r"^\d{4}$", re.ASCII)
MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$", re.ASCII)


# --- element checks (each takes the raw text of one cell) -------------------------------------


def is_iso_date(text: str) -> bool:
    """True if ``text`` is a real calendar date written ``YYYY-MM-DD``."""
    if not DATE_RE.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def is_iso3(text: str) -> bool:
    """True if ``text`` is an ISO 3166-1 alpha-3 code known to pycountry (upper case)."""
    return text.isupper() and pycountry.countries.get(alpha_3=text) is not None


def is_http_url(text: str) -> bool:
    """True if ``text`` is an absolute ``http://`` or ``https://`` URL with a host and no spaces."""
    return bool(re.match(r"^https?://[^\s/:?#]+[^\s]*$", text, flags=re.IGNORECASE))


def is_number(text: str) -> bool:
    return bool(NUMBER_RE.match(text))


def is_slug_list(text: str) -> bool:
    """True if ``text`` is ``slug; slug; ...`` (spaces around ``;`` tolerated)."""
    parts = [p.strip() for p in text.split(";")]
    return all(SLUG_RE.match(p) for p in parts)


# --- column specs -> pandera ----------------------------------------------------------------


@dataclass(frozen=True)
class Col:
    """One column of a table: its kind (text, date, number, year, enum, iso3, iso3_or_group,
    url, slug, slugs, lat, lon), whether a value is required, and the allowed values for enums.

    ``optional_header``: the file may leave the column out altogether (it is then read as all
    blank). Every other column must be named in the header, even one whose cells may be blank:
    a file without ``effective`` or ``rate_pct`` would silently end every tariff."""

    name: str
    kind: str = "text"
    required: bool = True
    optional_header: bool = False
    values: tuple[str, ...] = ()
    unique: bool = False
    min_value: float | None = None
    max_value: float | None = None


@dataclass(frozen=True)
class Table:
    """A curated table: file name, columns, and the column whose value identifies a row."""

    name: str
    columns: tuple[Col, ...]
    key: str | None = None
    required_file: bool = True
    extra: tuple[str, ...] = field(default=())

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def col(self, name: str) -> Col:
        return next(c for c in self.columns if c.name == name)


def _element_check(kind: str, col: Col) -> pa.Check | None:
    """The pandera check for one column kind; blanks are checked separately (``required``)."""

    def wrap(fn, name: str) -> pa.Check:
        return pa.Check(lambda s: s.eq("") | s.map(fn).astype(bool), name=name, error=name)

    if kind == "date":
        return wrap(is_iso_date, "iso_date")
    if kind == "iso3":
        return wrap(is_iso3, "iso3")
    if kind == "iso3_or_group":
        return wrap(lambda t: t in GROUP_CODES or is_iso3(t), "iso3_or_group")
    if kind == "url":
        return wrap(is_http_url, "http_url")
    if kind == "slug":
        return wrap(lambda t: bool(SLUG_RE.match(t)), "slug")
    if kind == "slugs":
        return wrap(is_slug_list, "slug_list")
    if kind in ("number", "lat", "lon"):
        return wrap(is_number, "number")
    if kind == "year":
        return wrap(lambda t: bool(YEAR_RE.match(t)), "year")
    if kind == "month":
        return wrap(lambda t: bool(MONTH_RE.match(t)), "year_month")
    if kind == "enum":
        allowed = frozenset(col.values)
        return wrap(lambda t: t in allowed, "allowed_value")
    return None


def _range_check(col: Col) -> pa.Check | None:
    lo = col.min_value
    hi = col.max_value
    if col.kind == "lat":
        lo, hi = -90.0, 90.0
    elif col.kind == "lon":
        lo, hi = -180.0, 180.0
    if lo is None and hi is None:
        return None

    def within(s: pd.Series) -> pd.Series:
        # blanks and non-numbers are the business of the "required" and "number" checks
        num = pd.to_numeric(s.where(s.map(is_number), None), errors="coerce")
        bad = pd.Series(False, index=s.index)
        if lo is not None:
            bad |= num < lo
        if hi is not None:
            bad |= num > hi
        return ~bad

    return pa.Check(within, name="range", error="range")


def to_pandera(table: Table) -> pa.DataFrameSchema:
    """The pandera schema that validates ``table`` in its raw text form (all cells ``str``)."""
    columns: dict[str, pa.Column] = {}
    for col in table.columns:
        checks = []
        if col.required:
            checks.append(pa.Check(lambda s: s.str.len() > 0, name="required", error="required"))
        elem = _element_check(col.kind, col)
        if elem is not None:
            checks.append(elem)
        rng = _range_check(col)
        if rng is not None:
            checks.append(rng)
        columns[col.name] = pa.Column(str, checks=checks, unique=col.unique, nullable=False)
    return pa.DataFrameSchema(columns, strict=False, name=table.name, ordered=False)


# --- the tables (data/README.md) ----------------------------------------------------------------

COUNTRIES = Table(
    "countries",
    (
        Col("iso3", "iso3", unique=True),
        Col("name"),
        Col("name_ja", required=False, optional_header=True),
        Col("region", "enum", values=REGIONS),
        Col("role", "enum", values=ROLES),
        Col("capital"),
        Col("capital_ja", required=False, optional_header=True),
        Col("lat", "lat"),
        Col("lon", "lon"),
    ),
    key="iso3",
)

SOURCES = Table(
    "sources",
    (
        Col("source_id", "slug", unique=True),
        Col("publisher"),
        Col("title"),
        Col("url", "url"),
        Col("published", "date"),
        Col("accessed", "date", required=False),
        Col("kind", "enum", values=SOURCE_KINDS),
    ),
    key="source_id",
)

TRADE_MEASURES = Table(
    "trade_measures",
    (
        Col("measure_id", "slug", unique=True),
        Col("imposer", "iso3"),
        Col("target", "iso3_or_group"),
        Col("product", "slug"),
        Col("measure_type", "enum", values=MEASURE_TYPES),
        Col("legal_basis"),
        Col("rate_pct", "number", required=False, min_value=0.0, max_value=1000.0),
        Col("rate_basis", "enum", required=False, values=RATE_BASES),
        Col("announced", "date"),
        Col("effective", "date", required=False),
        Col("ended", "date", required=False),
        Col("status", "enum", values=STATUSES),
        Col("source_id", "slug"),
        Col("note", required=False, optional_header=True),
        Col("note_ja", required=False, optional_header=True),
    ),
    key="measure_id",
)

DIPLOMATIC_CONTACTS = Table(
    "diplomatic_contacts",
    (
        Col("contact_id", "slug", unique=True),
        Col("start", "date"),
        Col("end", "date", required=False),
        Col("initiator", "iso3"),
        Col("counterpart", "iso3"),
        Col("channel", "enum", values=CHANNELS),
        Col("venue_city", required=False, optional_header=True),
        Col("venue_lat", "lat", required=False, optional_header=True),
        Col("venue_lon", "lon", required=False, optional_header=True),
        Col("participants", required=False, optional_header=True),
        Col("topics", "slugs", required=False, optional_header=True),
        Col("summary"),
        Col("source_id", "slug"),
        Col("summary_ja", required=False, optional_header=True),
        Col("participants_ja", required=False, optional_header=True),
    ),
    key="contact_id",
)

TRADE_FLOWS = Table(
    "trade_flows",
    (
        Col("reporter", "iso3"),
        Col("partner", "iso3_or_group"),
        Col("year", "year"),
        Col("flow", "enum", values=FLOWS),
        Col("product", "slug"),
        Col("value", "number", min_value=0.0),
        Col("unit", "enum", values=UNITS),
        Col("source_id", "slug"),
        Col("note", required=False, optional_header=True),
    ),
)

STATEMENTS = Table(
    "statements",
    (
        Col("statement_id", "slug", unique=True),
        Col("date", "date"),
        Col("speaker"),
        Col("role", required=False, optional_header=True),
        Col("country", "iso3"),
        Col("venue", required=False, optional_header=True),
        Col("paraphrase"),
        Col("topics", "slugs", required=False, optional_header=True),
        Col("source_id", "slug"),
        Col("speaker_ja", required=False, optional_header=True),
        Col("role_ja", required=False, optional_header=True),
        Col("venue_ja", required=False, optional_header=True),
        Col("paraphrase_ja", required=False, optional_header=True),
    ),
    key="statement_id",
)

OFFICEHOLDERS = Table(
    "officeholders",
    (
        Col("person"),
        Col("country", "iso3"),
        Col("office"),
        Col("start", "date"),
        Col("end", "date", required=False),
        Col("source_id", "slug"),
        Col("name_ja", required=False, optional_header=True),
        Col("role_ja", required=False, optional_header=True),
    ),
    required_file=False,
)

STORY = Table(
    "story",
    (
        Col("step", "number", unique=True, min_value=1.0),
        Col("title"),
        Col("as_of", "date"),
        Col("page", "enum", values=PAGES),
        Col("countries", required=False),
        Col("caption"),
        Col("source_ids", required=False),
        Col("title_ja", required=False, optional_header=True),
        Col("caption_ja", required=False, optional_header=True),
        Col("scenario", "slug", required=False, optional_header=True),
    ),
    key="step",
    required_file=False,
)

# --- exposure tables (documented in data/README.md) ---------------------------------

#: Status of a monthly trade figure: the Ministry of Finance's first release, or the confirmed one.
TRADE_STATUSES = ("preliminary", "confirmed")

PRODUCT_GROUPS = Table(
    "product_groups",
    (
        Col("product", "slug", unique=True),
        Col("name"),
        Col("name_ja", required=False, optional_header=True),
        Col("hs_codes", required=False),
        Col("mfn_pct", "number", required=False, min_value=0.0, max_value=1000.0),
        Col("mfn_source_id", "slug", required=False),
        Col("note", required=False, optional_header=True),
    ),
    key="product",
    required_file=False,
)

EXPORT_WEIGHTS = Table(
    "export_weights",
    (
        Col("reporter", "iso3"),
        Col("partner", "iso3_or_group"),
        Col("year", "year"),
        Col("product", "slug"),
        Col("value", "number", min_value=0.0),
        Col("unit", "enum", values=UNITS),
        Col("source_id", "slug"),
        Col("note", required=False, optional_header=True),
    ),
    required_file=False,
)

TRADE_MONTHLY = Table(
    "trade_monthly",
    (
        Col("reporter", "iso3"),
        Col("partner", "iso3_or_group"),
        Col("period", "month"),
        Col("flow", "enum", values=FLOWS),
        Col("product", "slug"),
        Col("value", "number", min_value=0.0),
        Col("unit", "enum", values=UNITS),
        Col("status", "enum", values=TRADE_STATUSES),
        Col("source_id", "slug"),
        Col("note", required=False, optional_header=True),
    ),
    required_file=False,
)

SCENARIOS = Table(
    "scenarios",
    (
        Col("scenario_id", "slug", unique=True),
        Col("title"),
        Col("title_ja", required=False),
        Col("changes"),
        Col("rationale"),
        Col("rationale_ja", required=False),
        Col("source_ids"),
        Col("note", required=False, optional_header=True),
    ),
    key="scenario_id",
    required_file=False,
)

#: Every table, in load order (sources and countries first: the others refer to them).
TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        SOURCES,
        COUNTRIES,
        TRADE_MEASURES,
        DIPLOMATIC_CONTACTS,
        TRADE_FLOWS,
        STATEMENTS,
        OFFICEHOLDERS,
        STORY,
        PRODUCT_GROUPS,
        EXPORT_WEIGHTS,
        TRADE_MONTHLY,
        SCENARIOS,
    )
}

DATE_KINDS = ("date",)
NUMBER_KINDS = ("number", "lat", "lon")


def coerce(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    """Convert the validated text frame of ``table`` to typed columns.

    Dates -> ``datetime64[ns]`` (``NaT`` when blank); numbers, lat and lon -> ``float64`` (``NaN``
    when blank); year -> ``Int64``; text stays ``str`` with ``""`` for blank. Extra columns the
    file has beyond the contract are kept as text. Raises nothing for frames that passed
    :func:`to_pandera`; unparseable cells would become ``NaT``/``NaN``.
    """
    out = frame.copy()
    for col in table.columns:
        if col.name not in out:
            continue
        if col.kind in DATE_KINDS:
            out[col.name] = pd.to_datetime(out[col.name].replace("", None), format="%Y-%m-%d", errors="coerce")
            out[col.name] = out[col.name].astype("datetime64[ns]")
        elif col.kind in NUMBER_KINDS:
            out[col.name] = pd.to_numeric(out[col.name].replace("", None), errors="coerce").astype("float64")
        elif col.kind == "year":
            out[col.name] = pd.to_numeric(out[col.name].replace("", None), errors="coerce").astype("Int64")
    return out
