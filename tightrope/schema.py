"""Table schemas for Tightrope's curated CSV tables, as pandera ``DataFrameSchema`` objects.

Every table is read as text first (so codes such as HS ``0101`` stay text and nothing is guessed),
then validated lazily by pandera: every failing cell is collected, never just the first. The
checks carry a ``name`` that :mod:`tightrope.validation` turns into a message an analyst can act
on (what is wrong, how to fix it). After validation, :func:`coerce` converts the valid rows to
typed columns: dates become ``datetime64[ns]`` (naive, calendar days), numbers ``float64``,
years ``Int64``; everything else stays ``str`` (empty string when blank).

Every data rule of one table is here: the cell rules of each column (:func:`to_pandera`, with
pandera's own ``unique`` and ``report_duplicates`` for keys) and the rules across the cells of a
row, such as ``ended`` on or after ``effective`` or a tariff needing a rate (:class:`RowRule`,
run as named DataFrame-level pandera checks by :func:`row_schema`). The rules across tables
(a cited source exists ...) are in :mod:`tightrope.rules` and the modules it names.

Units: ``rate_pct`` is percent ad valorem as a number (``25`` means 25 %, not 0.25).
``trade_flows.value`` is in the row's ``unit`` (``JPY_bn`` = billions of yen, ``USD_bn``).

Each column carries its ``description`` (what it holds), the same text as its row in
``data/README.md``, the analysts' dictionary (a test keeps the two equal).

Length: the data contract, every table's columns with their descriptions, cell rules and row
rules, in one place so an analyst's column, its meaning and its rules are never apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import pandas as pd
import pandera.pandas as pa
import pycountry

from tightrope.i18n import N_
from tightrope.i18n import gettext as _
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
    a file without ``effective`` or ``rate_pct`` would silently end every tariff.

    ``description``: what the column holds, in English, exactly as the column's row in
    ``data/README.md`` says it (a test compares them); the Data page's editor shows it as the
    column's help, translated through the catalog (:func:`tightrope.i18n.gettext`)."""

    name: str
    kind: str = "text"
    required: bool = True
    optional_header: bool = False
    values: tuple[str, ...] = ()
    unique: bool = False
    min_value: float | None = None
    max_value: float | None = None
    description: str = ""


@dataclass(frozen=True)
class RowRule:
    """A rule across the cells of one row (``ended`` on or after ``effective``, a tariff needs a
    rate ...), run by pandera as a named DataFrame-level check (:func:`row_schema`).

    ``holds`` takes the table's all-text frame and returns a boolean Series, ``True`` where the
    row keeps the rule (a blank cell is the business of the column's own ``required`` check).
    A broken rule is reported on ``column``, quoting the row's value there, with ``message(row)``
    and ``fix(row)`` (``row`` a Series of the row's text cells; both translated when called).
    ``severity`` is ``"error"`` (the row is left out of the views) or ``"warning"`` (kept), as
    :data:`tightrope.validation.ERROR` / ``WARNING``."""

    name: str
    column: str
    holds: Callable[[pd.DataFrame], pd.Series]
    message: Callable[[pd.Series], str]
    fix: Callable[[pd.Series], str]
    severity: str = "error"


@dataclass(frozen=True)
class Table:
    """A curated table: file name, columns, the column whose value identifies a row, and the
    rules across the cells of a row (:class:`RowRule`)."""

    name: str
    columns: tuple[Col, ...]
    key: str | None = None
    required_file: bool = True
    extra: tuple[str, ...] = field(default=())
    rules: tuple[RowRule, ...] = ()

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


@cache
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
        # a repeated key is reported on every row after the first that holds the value (the first keeps it)
        columns[col.name] = pa.Column(
            str,
            checks=checks,
            unique=col.unique,
            report_duplicates="exclude_first",
            nullable=False,
            description=col.description,
        )
    return pa.DataFrameSchema(columns, strict=False, name=table.name, ordered=False)


@cache
def row_schema(table: Table) -> pa.DataFrameSchema:
    """The pandera schema of ``table``'s rules across the cells of a row (:attr:`Table.rules`):
    one DataFrame-level check per rule, named as the rule (``element_wise=False``: the rule sees
    the whole frame and answers per row). Run over the rows whose cells passed
    :func:`to_pandera`, alongside the rules across tables (:func:`tightrope.rules.cross_checks`)."""
    checks = [pa.Check(rule.holds, name=rule.name, error=rule.name, element_wise=False) for rule in table.rules]
    return pa.DataFrameSchema(checks=checks, name=f"{table.name} rows")


def _dates_in_order(first: str, then: str) -> Callable[[pd.DataFrame], pd.Series]:
    """Holds where ``then`` is blank, ``first`` is blank, or ``then`` is on or after ``first``
    (ISO dates compare as text)."""
    return lambda f: (f[first] == "") | (f[then] == "") | (f[then] >= f[first])


def _end_after_start(start: str = "start", end: str = "end") -> RowRule:
    return RowRule(
        f"{end}_on_or_after_{start}",
        end,
        _dates_in_order(start, end),
        lambda r: _("is before {column} {day}").format(column=start, day=r[start]),
        lambda r: _("{end} must be on or after {start}").format(end=end, start=start),
    )


def _not_empty_for_tariffs(column: str, fix: Callable[[], str]) -> RowRule:
    return RowRule(
        f"tariff_has_{column}",
        column,
        lambda f: (f["measure_type"] != "tariff") | (f[column] != ""),
        lambda r: _("is empty but the measure is a tariff"),
        lambda r: fix(),
    )


def _venue_pair(given: str, missing: str) -> RowRule:
    return RowRule(
        f"{missing}_with_{given}",
        missing,
        lambda f: (f[given] == "") | (f[missing] != ""),
        lambda r: _("only one of venue_lat and venue_lon is given"),
        lambda r: _("give both, or leave both empty to use the host capital"),
    )


MEASURE_RULES = (
    RowRule(
        "ended_on_or_after_effective",
        "ended",
        _dates_in_order("effective", "ended"),
        lambda r: _("is before the effective date {day}").format(day=r["effective"]),
        lambda r: _("a measure ends on or after the day it took effect"),
    ),
    RowRule(
        "effective_on_or_after_announced",
        "effective",
        _dates_in_order("announced", "effective"),
        lambda r: _("is before the announcement date {day}").format(day=r["announced"]),
        lambda r: _("check both dates (retroactive measures: explain in note)"),
        "warning",
    ),
    _not_empty_for_tariffs("rate_pct", lambda: _("give the ad valorem rate in percent, e.g. 25")),
    _not_empty_for_tariffs("rate_basis", lambda: _("use additional, total or floor")),
    RowRule(
        "in_effect_not_ended",
        "status",
        lambda f: (f["status"] != "in_effect") | (f["ended"] == ""),
        lambda r: _("says in_effect but the measure ended on {day}").format(day=r["ended"]),
        lambda r: _("set status to superseded, lifted or struck_down, or clear ended"),
        "warning",
    ),
)

CONTACT_RULES = (
    _end_after_start(),
    _venue_pair("venue_lat", "venue_lon"),
    _venue_pair("venue_lon", "venue_lat"),
    RowRule(
        "counterpart_not_initiator",
        "counterpart",
        lambda f: (f["initiator"] == "") | (f["initiator"] != f["counterpart"]),
        lambda r: _("is the same country as the initiator"),
        lambda r: _("the counterpart is the other side of the contact"),
    ),
)

PRODUCT_GROUP_RULES = (
    RowRule(
        "mfn_pct_has_source",
        "mfn_source_id",
        lambda f: (f["mfn_pct"] == "") | (f["mfn_source_id"] != ""),
        lambda r: "is empty but mfn_pct is given",
        lambda r: "name the source of the MFN rate, or clear mfn_pct if it is not sourced",
    ),
)


# --- the tables (data/README.md) ----------------------------------------------------------------


def _optional(name: str, description: str, kind: str = "text") -> Col:
    """A column the file may leave out of its header altogether (read as all blank)."""
    return Col(name, kind, required=False, optional_header=True, description=description)


#: A trade value and its unit (``trade_flows``, ``export_weights``; ``trade_monthly`` has the value).
VALUE = Col("value", "number", min_value=0.0, description=N_("a number ≥ 0, in the row's `unit`"))
UNIT = Col(
    "unit", "enum", values=UNITS, description=N_("`JPY_bn` (billions of yen) or `USD_bn` (billions of US dollars)")
)

#: The ``source_id`` column of every fact table.
SOURCE_ID = Col("source_id", "slug", description=N_("the source: a `source_id` of `sources.csv`"))

COUNTRIES = Table(
    "countries",
    (
        Col("iso3", "iso3", unique=True, description=N_("ISO 3166-1 alpha-3 code (unique)")),
        Col("name", description=N_("English and Japanese short names")),
        _optional("name_ja", N_("English and Japanese short names")),
        Col(
            "region",
            "enum",
            values=REGIONS,
            description=N_("`East Asia`, `Southeast Asia`, `North America` or `Other`"),
        ),
        Col(
            "role",
            "enum",
            values=ROLES,
            description=N_("`focus` (Japan), `power` (US, China), `partner` (Southeast Asia), `other`"),
        ),
        Col("capital", description=N_("the capital city")),
        _optional(
            "capital_ja",
            N_(
                "optional: the capital's customary Japanese name (東京, 北京, ワシントンD.C., ネーピードー), "
                "shown on the map in Japanese; where it is empty the English `capital` is shown marked 〔英語〕 and "
                "the Data page counts the row as missing a translation"
            ),
        ),
        Col(
            "lat",
            "lat",
            description=N_(
                "the capital's WGS84 coordinates in decimal degrees (city centre; used for markers and arcs)"
            ),
        ),
        Col(
            "lon",
            "lon",
            description=N_(
                "the capital's WGS84 coordinates in decimal degrees (city centre; used for markers and arcs)"
            ),
        ),
    ),
    key="iso3",
)

SOURCES = Table(
    "sources",
    (
        Col("source_id", "slug", unique=True, description=N_("unique slug, cited by the other tables")),
        Col("publisher", description=N_("who published it")),
        Col("title", description=N_("its headline (as published)")),
        Col("url", "url", description=N_("the address you read: `http://` or `https://` only")),
        Col("published", "date", description=N_("the page's date")),
        Col("accessed", "date", required=False, description=N_("optional: the day you read it")),
        Col(
            "kind",
            "enum",
            values=SOURCE_KINDS,
            description=N_(
                "`official` (a government or court document or release), `news`, or `analysis` (think tanks, law "
                "firms, trade-data sites)"
            ),
        ),
    ),
    key="source_id",
)

TRADE_MEASURES = Table(
    "trade_measures",
    (
        Col("measure_id", "slug", unique=True, description=N_("unique slug, e.g. `us-jpn-autos-232-25-2025`")),
        Col("imposer", "iso3", description=N_("who applies it (ISO3)")),
        Col("target", "iso3_or_group", description=N_("whose goods (ISO3), or `ALL` for every partner")),
        Col(
            "product",
            "slug",
            description=N_(
                "`all_goods`, `autos`, `auto_parts`, `steel`, `aluminum`, `copper`, `lumber`, `furniture`, `trucks`, "
                "`semiconductors`, `advanced_computing_chips` (only the logic chips and computers meeting the "
                "technical parameters of the January 2026 Section 232 semiconductor proclamation, HTS "
                "8471.50/8471.80/8473.30; narrower than `semiconductors`), `pharmaceuticals`, `seafood`, "
                "`rare_earths`, `dual_use_items` ..."
            ),
        ),
        Col(
            "measure_type",
            "enum",
            values=MEASURE_TYPES,
            description=N_(
                "`tariff`, `import_ban`, `export_control`, `quota`, or `advisory` (a travel advisory: added because "
                "China's 2025 advisory on Japan hit tourism like a trade measure)"
            ),
        ),
        Col(
            "legal_basis",
            description=N_(
                "e.g. `Section 232`, `IEEPA reciprocal`, `IEEPA fentanyl`, `Section 122`, `Section 301`, `Food "
                "Safety Law`"
            ),
        ),
        Col(
            "rate_pct",
            "number",
            required=False,
            min_value=0.0,
            max_value=1000.0,
            description=N_("ad valorem rate in percent; empty for non-tariff measures (required for tariffs)"),
        ),
        Col(
            "rate_basis",
            "enum",
            required=False,
            values=RATE_BASES,
            description=N_(
                "`additional` (on top of the MFN rate), `total` (the all-in rate), `floor` (all-in rate is the "
                "higher of MFN and `rate_pct`, as the US–Japan deal's 15 %)"
            ),
        ),
        Col("announced", "date", description=N_("announcement date")),
        Col(
            "effective",
            "date",
            required=False,
            description=N_(
                "the day it took effect; empty if it never did (threats and announcements stay in the table)"
            ),
        ),
        Col("ended", "date", required=False, description=N_("the day it stopped applying; empty while in force")),
        Col(
            "status",
            "enum",
            values=STATUSES,
            description=N_("`announced`, `in_effect`, `paused`, `superseded`, `lifted`, `struck_down`"),
        ),
        SOURCE_ID,
        _optional("note", N_("notes in your own words (disagreements between sources go here)")),
        _optional("note_ja", N_("optional: `note` in Japanese (see *Japanese counterparts* above)")),
    ),
    key="measure_id",
    rules=MEASURE_RULES,
)

DIPLOMATIC_CONTACTS = Table(
    "diplomatic_contacts",
    (
        Col("contact_id", "slug", unique=True, description=N_("unique slug")),
        Col("start", "date", description=N_("the (first) day of the contact")),
        Col("end", "date", required=False, description=N_("optional: the last day, for multi-day visits")),
        Col("initiator", "iso3", description=N_("the side that travels, writes or calls (ISO3)")),
        Col("counterpart", "iso3", description=N_("the other side (ISO3)")),
        Col(
            "channel",
            "enum",
            values=CHANNELS,
            description=N_(
                "`leader_meeting`, `leader_call`, `letter`, `ministerial_meeting`, `negotiation_round`, "
                "`parliamentary_delegation`, `party_delegation`, `summit_sidelines`, `state_visit`, `speech`"
            ),
        ),
        _optional("venue_city", N_("where")),
        _optional(
            "venue_lat",
            N_("optional coordinates of the venue (default: the host's capital); give both or neither"),
            "lat",
        ),
        _optional(
            "venue_lon",
            N_("optional coordinates of the venue (default: the host's capital); give both or neither"),
            "lon",
        ),
        _optional("participants", N_("`Name (role); Name (role)`")),
        _optional(
            "topics",
            N_(
                "`;`-separated slugs: `tariffs`, `investment`, `security`, `seafood`, `history`, `supply_chains`, "
                "`taiwan`, `rare_earths` ..."
            ),
            "slugs",
        ),
        Col("summary", description=N_("one or two sentences in your own words")),
        SOURCE_ID,
        _optional("summary_ja", N_("optional: `summary` and `participants` in Japanese")),
        _optional("participants_ja", N_("optional: `summary` and `participants` in Japanese")),
    ),
    key="contact_id",
    rules=CONTACT_RULES,
)

TRADE_FLOWS = Table(
    "trade_flows",
    (
        Col("reporter", "iso3", description=N_("the reporting country (Japan: `JPN`, Ministry of Finance figures)")),
        Col("partner", "iso3_or_group", description=N_("ISO3, or `ASEAN`, `WORLD`")),
        Col("year", "year", description=N_("**calendar** year (never a fiscal year)")),
        Col("flow", "enum", values=FLOWS, description=N_("`export` or `import`")),
        Col("product", "slug", description=N_("`all_goods`, `autos_and_parts`, `autos` ...")),
        VALUE,
        UNIT,
        SOURCE_ID,
        _optional("note", N_('optional: e.g. "preliminary"')),
    ),
)

STATEMENTS = Table(
    "statements",
    (
        Col("statement_id", "slug", unique=True, description=N_("unique slug")),
        Col("date", "date", description=N_("the day it was said")),
        Col("speaker", description=N_("who spoke, and their office or role then (`role` optional)")),
        _optional("role", N_("who spoke, and their office or role then (`role` optional)")),
        Col("country", "iso3", description=N_("the speaker's country (ISO3)")),
        _optional("venue", N_("optional: where it was said")),
        Col("paraphrase", description=N_("what was said, in your own words, never a quote")),
        _optional("topics", N_("`;`-separated slugs, as in `diplomatic_contacts.topics`"), "slugs"),
        SOURCE_ID,
        _optional("speaker_ja", N_("optional: `speaker`, `role`, `venue` and `paraphrase` in Japanese")),
        _optional("role_ja", N_("optional: `speaker`, `role`, `venue` and `paraphrase` in Japanese")),
        _optional("venue_ja", N_("optional: `speaker`, `role`, `venue` and `paraphrase` in Japanese")),
        _optional("paraphrase_ja", N_("optional: `speaker`, `role`, `venue` and `paraphrase` in Japanese")),
    ),
    key="statement_id",
)

OFFICEHOLDERS = Table(
    "officeholders",
    (
        Col("person", description=N_("the person's name")),
        Col("country", "iso3", description=N_("the country whose office it is (ISO3)")),
        Col("office", description=N_("e.g. `Prime Minister`")),
        Col(
            "start",
            "date",
            description=N_(
                "the day the person took office (sworn in or appointed); where a source gives only the confirmation "
                "vote (US Commerce Secretary Raimondo, USTR Tai and Greer), that day"
            ),
        ),
        Col("end", "date", required=False, description=N_("the day the person left office; empty while in office")),
        SOURCE_ID,
        _optional("name_ja", N_("optional: the person's name and office in Japanese")),
        _optional("role_ja", N_("optional: the person's name and office in Japanese")),
    ),
    required_file=False,
    rules=(_end_after_start(),),
)

STORY = Table(
    "story",
    (
        Col(
            "step", "number", unique=True, min_value=1.0, description=N_("1, 2, 3 ... (unique; the order of the story)")
        ),
        Col("title", description=N_("a short title")),
        Col("as_of", "date", description=N_("the date the step sets")),
        Col(
            "page",
            "enum",
            values=PAGES,
            description=N_(
                "`overview`, `tariffs`, `exposure`, `scenarios`, `diplomacy`, `southeast_asia`, `trade`, `sources` "
                "or `data`"
            ),
        ),
        Col(
            "countries",
            required=False,
            description=N_("ISO3 codes separated by `;` (the step's country filter; empty = all)"),
        ),
        Col("caption", description=N_("one to three sentences in your own words")),
        Col("source_ids", required=False, description=N_("sources behind the caption, separated by `;`")),
        _optional("title_ja", N_("optional: `title` and `caption` in Japanese")),
        _optional("caption_ja", N_("optional: `title` and `caption` in Japanese")),
        _optional(
            "scenario",
            N_(
                "optional column: on a step whose `page` is `scenarios`, the `scenario_id` of `scenarios.csv` it "
                "opens (the walk from what happened to what could happen); empty = no change"
            ),
            "slug",
        ),
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
        Col(
            "product",
            "slug",
            unique=True,
            description=N_(
                "slug, unique; the same slugs as `trade_measures.product` (`autos`, `steel` ...) plus `other_goods`"
            ),
        ),
        Col("name", description=N_("English and Japanese names")),
        _optional("name_ja", N_("English and Japanese names")),
        Col(
            "hs_codes",
            required=False,
            description=N_(
                "`; `-separated HS chapters, headings or subheadings the group stands for (empty for `other_goods`)"
            ),
        ),
        Col(
            "mfn_pct",
            "number",
            required=False,
            min_value=0.0,
            max_value=1000.0,
            description=N_(
                "US MFN (column 1) ad valorem rate for the group, percent; say in `note` whether it is a line "
                "average or a headline rate and from which schedule. May be empty when no source gives it: a floor "
                "or all-in rate is then applied as if MFN were 0, and the page says so"
            ),
        ),
        Col(
            "mfn_source_id",
            "slug",
            required=False,
            description=N_("source of `mfn_pct` (required when `mfn_pct` is given)"),
        ),
        _optional("note", N_("how the rate and the HS list were found")),
    ),
    key="product",
    required_file=False,
    rules=PRODUCT_GROUP_RULES,
)

EXPORT_WEIGHTS = Table(
    "export_weights",
    (
        Col("reporter", "iso3", description=N_("`JPN`")),
        Col("partner", "iso3_or_group", description=N_("`USA`")),
        Col("year", "year", description=N_("calendar base year (e.g. 2024)")),
        Col("product", "slug", description=N_("a `product_groups.product`, or `all_goods` for the total")),
        VALUE,
        UNIT,
        SOURCE_ID,
        _optional("note", N_("optional: say when a figure is rounded or DERIVED")),
    ),
    required_file=False,
)

TRADE_MONTHLY = Table(
    "trade_monthly",
    (
        Col("reporter", "iso3", description=N_("`JPN`")),
        Col(
            "partner",
            "iso3_or_group",
            description=N_("`USA`, `CHN`, `ASEAN`, `WORLD` (any ISO3 or group code is accepted)"),
        ),
        Col("period", "month", description=N_("the calendar month, written `YYYY-MM` (month 01–12)")),
        Col("flow", "enum", values=FLOWS, description=N_("`export` or `import`")),
        Col("product", "slug", description=N_("`all_goods` or `autos`")),
        VALUE,
        Col("unit", "enum", values=UNITS, description=N_("`JPY_bn` (billions of yen)")),
        Col(
            "status",
            "enum",
            values=TRADE_STATUSES,
            description=N_("`preliminary` (the Ministry of Finance's first release) or `confirmed`"),
        ),
        SOURCE_ID,
        _optional("note", N_('optional: e.g. a y/y change the release gave, or "rounded"')),
    ),
    required_file=False,
)

#: Plausible yen per US dollar for a sanity range: an inverted rate (dollars per yen, 0.0066) is refused.
JPY_PER_USD_RANGE = (1.0, 1000.0)

EXCHANGE_RATES = Table(
    "exchange_rates",
    (
        Col(
            "year",
            "year",
            unique=True,
            description=N_("calendar year, unique (the base year of the weights it converts, e.g. 2024)"),
        ),
        Col(
            "jpy_per_usd",
            "number",
            min_value=JPY_PER_USD_RANGE[0],
            max_value=JPY_PER_USD_RANGE[1],
            description=N_(
                "yen per one US dollar, the year's average (e.g. `150.97`); a value outside 1–1000 is refused "
                "(a rate typed the other way round, dollars per yen, is about 0.0066)"
            ),
        ),
        Col(
            "source_id",
            "slug",
            description=N_(
                "where the rate comes from; prefer an official annual table (Federal Reserve G.5A, Bank of Japan, "
                "Ministry of Finance) and say in `note` when the figure is only as reported"
            ),
        ),
        Col(
            "note",
            required=False,
            optional_header=True,
            description=N_(
                "which average it is (calendar year, customs or market rate), and how it compares with other "
                "published figures"
            ),
        ),
    ),
    key="year",
    required_file=False,
)

SCENARIOS = Table(
    "scenarios",
    (
        Col(
            "scenario_id",
            "slug",
            unique=True,
            description=N_("slug, unique (the `sc` URL parameter and `--scenario` take it)"),
        ),
        Col("title", description=N_("short title in English and Japanese (own words)")),
        Col("title_ja", required=False, description=N_("short title in English and Japanese (own words)")),
        Col(
            "changes",
            description=N_(
                "`;`-separated items `product=rate:basis`: `product` is a `product_groups.product` or `all_goods` "
                "(the general rate on Japanese goods), `rate` percent 0–1000, `basis` `additional`, `total` or "
                "`floor`; e.g. `autos=25:additional; auto_parts=25:additional`. A group not named keeps what is in "
                "force on the as-of date"
            ),
        ),
        Col("rationale", description=N_("one line in your own words: why the scenario is plausible")),
        Col(
            "rationale_ja", required=False, description=N_("one line in your own words: why the scenario is plausible")
        ),
        Col(
            "source_ids",
            description=N_("the threat, proposal or investigation behind it, `;`-separated ids of `sources.csv`"),
        ),
        _optional("note", N_("how each rate and basis maps to the source; disagreements between sources")),
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
        EXCHANGE_RATES,
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
