"""The interface language: gettext catalogs (managed with Babel) and Babel formatting.

Catalogs: ``locale/<lang>/LC_MESSAGES/messages.po`` in the repository, compiled to ``.mo`` by
``make i18n`` (``pybabel extract`` -> ``update`` -> ``compile``; the ``.mo`` is committed so a plain
install runs). English is the source language: its messages are the catalog keys.

The current language is held per thread of execution (a :class:`contextvars.ContextVar`): Streamlit
runs each session's script in its own thread, and ``app.py`` sets the viewer's language at the top
of every run with :func:`set_language`; the command line sets it once. Everything that builds text
(pages, components, and the messages of :mod:`tightrope.validation`) calls :func:`gettext` (``_``)
at the moment it builds the text, so that text is in the language current then.

Formats: :func:`day` (``2025-04-09`` / ``2025年4月9日``), :func:`month` (``Apr 2025`` / ``2025年4月``),
:func:`yen_bn` (billion yen as ``¥14.7 trillion`` / ``14.7兆円``, ``8,300億円``), :func:`usd_bn`
(billion dollars as ``$28.4 billion`` / ``284億ドル``), :func:`signed`, :func:`number`.

Length: the catalogs and every Babel format (days, months, numbers, yen) the views use, one home for
the language; one line over the limit.
"""

from __future__ import annotations

import gettext as _gettext
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel.dates import format_date
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

#: Languages of the interface, the first is the default.
LANGS: tuple[str, ...] = ("en", "ja")
DEFAULT = "en"
#: Language names as shown in the switch (each in its own language).
LANG_NAMES = {"en": "English", "ja": "日本語"}
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"

_current: ContextVar[str] = ContextVar("tightrope_lang", default=DEFAULT)


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalog of ``lang`` (``NullTranslations`` for English or a missing catalog)."""
    if lang == DEFAULT:
        return NullTranslations()
    return Translations.load(str(LOCALE_DIR), [lang], DOMAIN)


def set_language(lang: str) -> None:
    """Make ``lang`` (one of :data:`LANGS`; anything else means English) current in this thread."""
    _current.set(lang if lang in LANGS else DEFAULT)


def language() -> str:
    """The language current in this thread: ``"en"`` or ``"ja"``."""
    return _current.get()


def is_ja() -> bool:
    return _current.get() == "ja"


def gettext(message: str) -> str:
    """``message`` (English) in the current language."""
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` in the current language."""
    return translations(_current.get()).ngettext(singular, plural, n)


_ = gettext


def from_locale(locale: str | None) -> str:
    """The interface language for a browser locale such as ``ja-JP`` (English unless Japanese)."""
    return "ja" if (locale or "").lower().replace("_", "-").split("-")[0] == "ja" else DEFAULT


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().date()
    return value


def day(value) -> str:
    """A calendar day: ISO ``2025-04-09`` in English (as analysts write it), ``2025年4月9日`` in Japanese."""
    d = _as_date(value)
    if is_ja():
        return format_date(d, "y年M月d日", locale="ja")
    return d.isoformat()


def month(value) -> str:
    """A month: ``Apr 2025`` / ``2025年4月``."""
    d = _as_date(value)
    return format_date(d, "y年M月" if is_ja() else "MMM y", locale=language())


def join(items) -> str:
    """Items of a list in running text: ``a, b`` in English, ``a、b`` (the ideographic comma) in Japanese."""
    return ("、" if is_ja() else ", ").join(items)


def number(value: float, digits: int = 0) -> str:
    """A number with the language's grouping, ``digits`` decimals."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=language())


def yen_bn(value_bn: float) -> str:
    """An amount given in billion yen: ``14.7兆円`` or ``8,300億円`` in Japanese (1兆 = 1,000 billion,
    1億 = 0.1 billion); ``¥14.7 trillion`` / ``¥830 billion`` in English."""
    if is_ja():
        if abs(value_bn) >= 1000:
            return f"{number(value_bn / 1000, 1)}兆円"
        return f"{number(value_bn * 10)}億円"
    if abs(value_bn) >= 1000:
        return f"¥{number(value_bn / 1000, 1)} trillion"
    return f"¥{number(value_bn)} billion"


def usd_bn(value_bn: float) -> str:
    """An amount given in billion US dollars: ``$28.4 billion`` / ``$1.2 trillion`` in English,
    ``284億ドル`` / ``1.2兆ドル`` in Japanese (1億 = 0.1 billion)."""
    if is_ja():
        if abs(value_bn) >= 1000:
            return f"{number(value_bn / 1000, 1)}兆ドル"
        return f"{number(value_bn * 10)}億ドル"
    if abs(value_bn) >= 1000:
        return f"${number(value_bn / 1000, 1)} trillion"
    return f"${number(value_bn, 1)} billion"


def amount_unit(unit: str) -> tuple[float, str]:
    """``(factor, label)`` for a table column of amounts in ``unit`` (``JPY_bn`` or ``USD_bn``):
    multiply the billions by ``factor`` and head the column with ``label`` (``¥ bn`` and ``US$ bn``
    in English; ``億円`` and ``億ドル``, x10, in Japanese)."""
    if is_ja():
        return 10.0, {"JPY_bn": "億円", "USD_bn": "億ドル"}[unit]
    return 1.0, {"JPY_bn": "¥ bn", "USD_bn": "US$ bn"}[unit]


def signed(amount: str, value: float) -> str:
    """``amount`` (formatted from ``abs(value)``) with the sign of ``value``: ``+¥1.1 trillion``,
    ``−$3.0 billion`` (a true minus sign), ``±0`` kept as ``+``."""
    return ("−" if value < 0 else "+") + amount


def plotly_day() -> str:
    """d3 time format of a calendar day for plotly hover text."""
    return "%Y年%-m月%-d日" if is_ja() else "%Y-%m-%d"


def plotly_month() -> str:
    """d3 time format of year-month axis ticks (``2025年4月`` / ``Apr 2025``)."""
    return "%Y年%-m月" if is_ja() else "%b %Y"


def label(slug: str) -> str:
    """A value the project names (a channel, status, product, topic, basis slug) in the current
    language: the catalog's translation of the slug written with spaces (``leader_call`` ->
    ``leader call``), else the slug with spaces."""
    text = str(slug).replace("_", " ").strip()
    return gettext(text) if text else ""


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it now (``pybabel extract`` finds it);
    translate it where it is shown, with :func:`gettext`."""
    return message


#: Values the project names (slugs of the data contract) as they are shown: the catalog keys of
#: :func:`label`. Listed here so ``pybabel extract`` puts every one into the catalog.
VALUE_LABELS = (
    # channels
    N_("leader meeting"),
    N_("leader call"),
    N_("letter"),
    N_("ministerial meeting"),
    N_("negotiation round"),
    N_("parliamentary delegation"),
    N_("party delegation"),
    N_("summit sidelines"),
    N_("state visit"),
    N_("speech"),
    # statuses
    N_("announced"),
    N_("in effect"),
    N_("paused"),
    N_("superseded"),
    N_("lifted"),
    N_("struck down"),
    # monthly trade figures (trade_monthly.status)
    N_("preliminary"),
    N_("confirmed"),
    # rate bases
    N_("additional"),
    N_("total"),
    N_("floor"),
    # measure types
    N_("tariff"),
    N_("import ban"),
    N_("export control"),
    N_("quota"),
    N_("advisory"),
    # products
    N_("all goods"),
    N_("autos"),
    N_("auto parts"),
    N_("autos and parts"),
    N_("steel"),
    N_("aluminum"),
    N_("copper"),
    N_("lumber"),
    N_("furniture"),
    N_("trucks"),
    N_("buses"),
    N_("semiconductors"),
    N_("pharmaceuticals"),
    N_("seafood"),
    N_("rare earths"),
    N_("dual use items"),
    N_("food 10 prefectures"),
    N_("agricultural goods"),
    N_("tourism travel"),
    N_("aircraft"),
    N_("metal derivatives"),
    # topics
    N_("tariffs"),
    N_("trade"),
    N_("investment"),
    N_("security"),
    N_("supply chains"),
    N_("beef"),
    N_("taiwan"),
    N_("history"),
    N_("travel"),
    N_("energy"),
    N_("technology"),
    # how an exposure group's rate was set (tightrope.exposure)
    N_("product measure"),
    N_("group rate or exemption"),
    N_("general rate"),
    # event kinds
    N_("took effect"),
    N_("contact"),
    # flows, units, kinds, themes
    N_("export"),
    N_("import"),
    N_("official"),
    N_("news"),
    N_("analysis"),
    N_("reported"),
    N_("light"),
    N_("dark"),
    # legal bases
    N_("IEEPA reciprocal"),
    N_("IEEPA fentanyl"),
    N_("Section 232"),
    N_("Section 122"),
    N_("Section 301"),
    N_("MFN"),
    N_("Customs Tariff Law (Tariff Commission Announcement No. 2 of 2025)"),
    N_("Customs Tariff Law (Tariff Commission Announcement No. 4 of 2025)"),
    N_("Customs Tariff Law (Tariff Commission Announcement No. 4 of 2025, as modified)"),
    N_("Customs Tariff Law (Tariff Commission Announcement No. 5 of 2025)"),
    N_("Customs Tariff Law (Tariff Commission Announcement No. 6 of 2025)"),
    N_("Export Control Law licensing (de facto; no published measure)"),
    N_("Export Control Law; Dual-Use Items Regulations (MOFCOM Announcements No. 11 and 12 of 2026)"),
    N_("Export Control Law; Regulations on Export Control of Dual-Use Items (MOFCOM Announcement No. 1 of 2026)"),
    N_("Export Control Law; Regulations on Export Control of Dual-Use Items (MOFCOM announcements of 2026-06-29)"),
    N_("Food Safety Law (GACC notice on conditional resumption)"),
    N_("Food Safety Law (GACC)"),
    N_("Food Safety Law and implementing regulations; Import and Export Food Safety Measures (GACC)"),
    N_("Food safety (GACC); China said Japan had not provided the promised technical documents"),
    N_("MFA consular travel advisory"),
    N_("Section 232 (Proclamation 11020)"),
    N_("Section 232 (Proclamation 11020); US-Japan Agreement (EO 14345)"),
    N_("Section 232 (proclamation of 2026-04-02 restructuring the metals tariffs, Annex I-A)"),
    N_("Section 232 (proclamation of 2026-04-02 restructuring the metals tariffs, Annex I-B)"),
)


def legal_basis(text: str) -> str:
    """A ``legal_basis`` cell in the current language: the catalog's translation when it is one
    of the named bases, else the text as written (a curated citation)."""
    return gettext(text) if text else text


def moment_day() -> str:
    """The day format of Streamlit's date columns (moment.js): ``YYYY-MM-DD`` / ``YYYY年M月D日``."""
    return "YYYY年M月D日" if is_ja() else "YYYY-MM-DD"


def header(column: str) -> str:
    """A table column's header in the current language (catalog key: the column name with spaces)."""
    return gettext(str(column).replace("_", " "))


#: Column headers of the tables the dashboard shows (catalog keys of :func:`header`).
HEADERS = (
    N_("measure id"),
    N_("imposer"),
    N_("target"),
    N_("product"),
    N_("measure type"),
    N_("legal basis"),
    N_("rate pct"),
    N_("rate basis"),
    N_("announced"),
    N_("effective"),
    N_("ended"),
    N_("status"),
    N_("source id"),
    N_("note"),
    N_("in force"),
    N_("url"),
    N_("label"),
    N_("contact id"),
    N_("start"),
    N_("end"),
    N_("initiator"),
    N_("counterpart"),
    N_("channel"),
    N_("venue city"),
    N_("participants"),
    N_("topics"),
    N_("summary"),
    N_("power"),
    N_("other"),
    N_("state"),
    N_("sources"),
    N_("reporter"),
    N_("partner"),
    N_("year"),
    N_("flow"),
    N_("value"),
    N_("unit"),
    N_("total"),
    N_("share pct"),
    N_("publisher"),
    N_("title"),
    N_("published"),
    N_("kind"),
    N_("link"),
    N_("cited by"),
    N_("tables"),
    N_("rows"),
    N_("row"),
    N_("iso3"),
    N_("contacts"),
    N_("date"),
    N_("track"),
    N_("rate"),
    N_("table"),
    N_("column"),
    N_("missing"),
    N_("layer"),
    N_("country"),
    # the tables behind the charts ("Chart as text and table")
    N_("effective pct"),
    N_("period"),
    N_("name"),
    N_("baseline pct"),
    N_("scenario pct"),
    N_("delta pct"),
)
