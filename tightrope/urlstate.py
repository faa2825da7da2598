"""The shareable view state and its URL form (query parameters), validated against known values.

Parameters (all optional; unknown or malformed ones fall back to the default and produce a
notice, never an exception):

========== ============================================ =====================================
name       form                                         meaning
========== ============================================ =====================================
``asof``   ``YYYY-MM-DD`` within the data's date range  the as-of date of every page
``from``   ``YYYY-MM-DD``                               start of the contacts window
``to``     ``YYYY-MM-DD``                               end of the contacts window
``c``      ``JPN,USA,...`` codes from countries.csv     countries shown on charts
``cp``     codes from countries.csv                     Diplomacy page: counterparts
``prod``   product slugs, comma-separated               Tariffs page: products charted
``ch``     channel slugs, comma-separated               contact channels shown
``tp``     topic slugs, comma-separated                 contact topics shown
``present````1`` or ``0``                               presentation mode
``step``   story step number                            guided-story step (presentation)
``theme``  ``light`` or ``dark``                        map and chart theme
``sc``     a ``scenarios.csv`` id, or changes such as   Scenarios page: the hypothetical
           ``autos=25:additional;all_goods=15:floor``   scenario (grammar: tightrope.scenarios)
``lang``   ``en`` or ``ja``                             interface language (default: the
                                                        browser's language, else English)
========== ============================================ =====================================
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from tightrope.i18n import LANGS
from tightrope.i18n import gettext as _
from tightrope.scenarios import ChangesError, format_changes, parse_changes
from tightrope.schema import is_iso_date

#: Every query parameter name the URL may carry (the table above); any other gets a notice.
PARAM_NAMES = ("asof", "from", "to", "c", "cp", "prod", "ch", "tp", "present", "step", "theme", "lang", "sc")
#: Streamlit's own parameters (embedding), accepted silently.
STREAMLIT_PARAMS = ("embed", "embed_options")

MAX_PARAM_LEN = 400
THEMES = ("light", "dark")


@dataclass(frozen=True)
class ViewState:
    """One viewer's choices. Dates are ``datetime.date``; tuples are sorted codes or slugs;
    ``None`` for ``channels``/``topics``/``countries`` means "all"."""

    as_of: date
    window_start: date
    window_end: date
    countries: tuple[str, ...] | None = None
    counterparts: tuple[str, ...] | None = None
    products: tuple[str, ...] | None = None
    channels: tuple[str, ...] | None = None
    topics: tuple[str, ...] | None = None
    present: bool = False
    step: int = 1
    theme: str = "light"
    scenario: str | None = None
    lang: str = "en"
    notices: tuple[str, ...] = field(default=(), compare=False)


def _one(params: Mapping, name: str) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""
    return str(value)


def _show(value: str) -> str:
    """A short, printable rendering of a bad value for a notice (never rendered as markup)."""
    v = "".join(ch for ch in value if ch.isprintable())
    return (v[:40] + "…") if len(v) > 40 else v


def parse(
    params: Mapping,
    *,
    default: ViewState,
    min_date: date,
    max_date: date,
    countries: Iterable[str],
    channels: Iterable[str],
    topics: Iterable[str],
    products: Iterable[str] = (),
    max_step: int = 1,
    scenario_ids: Iterable[str] = (),
    scenario_groups: Iterable[str] | None = None,
) -> ViewState:
    """Read query ``params`` (a mapping of name -> str or list of str) into a :class:`ViewState`.

    Every value is checked against the known values passed in; a bad one is replaced by the
    field of ``default`` and explained in ``notices``. Never raises.
    """
    notices: list[str] = []
    state = default
    countries = list(countries)
    unknown_names = [n for n in params if n not in PARAM_NAMES and n not in STREAMLIT_PARAMS]
    if unknown_names:
        shown = ", ".join(repr(_show(n)) for n in unknown_names[:5])
        if len(unknown_names) > 5:
            shown = _("{names} and {n} more").format(names=shown, n=len(unknown_names) - 5)
        notices.append(
            _("Ignored unknown URL parameter(s) {names}: known are {known}.").format(
                names=shown, known=", ".join(PARAM_NAMES)
            )
        )

    def bad(name: str, value: str, why: str) -> None:
        notices.append(
            _("Ignored URL parameter {name}={value}: {why}; using the default.").format(
                name=name, value=repr(_show(value)), why=why
            )
        )

    def read_date(name: str, fallback: date) -> date:
        value = _one(params, name)
        if value is None:
            return fallback
        if len(value) > MAX_PARAM_LEN or not is_iso_date(value):
            bad(name, value, _("not a date written YYYY-MM-DD"))
            return fallback
        d = date.fromisoformat(value)
        if not (min_date <= d <= max_date):
            nearest = min(max(d, min_date), max_date)  # the nearest day the data covers
            bad(
                name,
                value,
                _("outside the data's range {lo} to {hi}; showing {day}").format(lo=min_date, hi=max_date, day=nearest),
            )
            return nearest
        return d

    def read_list(name: str, known: Iterable[str], fallback):
        value = _one(params, name)
        if value is None:
            return fallback
        if len(value) > MAX_PARAM_LEN:
            bad(name, value, _("too long"))
            return fallback
        known_set = set(known)
        items = [v.strip() for v in value.split(",") if v.strip()]
        good = tuple(sorted({v for v in items if v in known_set}))
        unknown = [v for v in items if v not in known_set]
        if unknown:
            notices.append(
                _("Ignored unknown value(s) in URL parameter {name}: {values}.").format(
                    name=name, values=", ".join(_show(u) for u in unknown[:5])
                )
            )
        if not good:
            return fallback
        return good

    as_of = read_date("asof", default.as_of)
    start = read_date("from", default.window_start)
    end = read_date("to", default.window_end)
    if start > end:
        bad("from", start.isoformat(), _("after the end of the window"))
        start, end = default.window_start, default.window_end
    present_raw = _one(params, "present")
    present = default.present
    if present_raw is not None:
        if present_raw in ("1", "true", "0", "false"):
            present = present_raw in ("1", "true")
        else:
            bad("present", present_raw, _("use 1 or 0"))
    step = default.step
    step_raw = _one(params, "step")
    if step_raw is not None:
        if step_raw.isdigit() and 1 <= int(step_raw) <= max(1, max_step):
            step = int(step_raw)
        else:
            bad("step", step_raw, _("not a story step between 1 and {n}").format(n=max(1, max_step)))
    theme = default.theme
    theme_raw = _one(params, "theme")
    if theme_raw is not None:
        if theme_raw in THEMES:
            theme = theme_raw
        else:
            bad("theme", theme_raw, _("use light or dark"))
    lang, lang_notice = parse_lang(params, default.lang)
    if lang_notice:
        notices.append(lang_notice)
    scenario = default.scenario
    sc_raw = _one(params, "sc")
    if sc_raw is not None and sc_raw.strip():
        ids = set(scenario_ids)
        if sc_raw.strip() in ids:
            scenario = sc_raw.strip()
        elif "=" not in sc_raw:
            bad("sc", sc_raw, _("not a preset scenario of scenarios.csv; the baseline is shown"))
        else:
            try:
                scenario = format_changes(
                    parse_changes(sc_raw, None if scenario_groups is None else set(scenario_groups))
                )
            except ChangesError as exc:
                bad("sc", sc_raw, _("a malformed scenario ({error}); the baseline is shown").format(error=exc))
    return replace(
        state,
        as_of=as_of,
        window_start=start,
        window_end=end,
        countries=read_list("c", countries, default.countries),
        counterparts=read_list("cp", countries, default.counterparts),
        products=read_list("prod", products, default.products),
        channels=read_list("ch", channels, default.channels),
        topics=read_list("tp", topics, default.topics),
        present=present,
        step=step,
        theme=theme,
        scenario=scenario,
        lang=lang,
        notices=tuple(notices),
    )


def to_params(state: ViewState, default: ViewState) -> dict[str, str]:
    """The query parameters that reproduce ``state``; fields equal to ``default`` are left out
    so links stay short (the as-of date and the language are always written, so a link pins its
    date and opens in the sender's language)."""
    out: dict[str, str] = {"asof": state.as_of.isoformat()}
    if state.window_start != default.window_start:
        out["from"] = state.window_start.isoformat()
    if state.window_end != default.window_end:
        out["to"] = state.window_end.isoformat()
    lists = (
        ("c", state.countries, default.countries),
        ("cp", state.counterparts, default.counterparts),
        ("prod", state.products, default.products),
        ("ch", state.channels, default.channels),
        ("tp", state.topics, default.topics),
    )
    for name, value, dflt in lists:
        if value is not None and value != dflt:
            out[name] = ",".join(value)
    if state.present:
        out["present"] = "1"
        out["step"] = str(state.step)
    if state.theme != default.theme:
        out["theme"] = state.theme
    if state.scenario:
        out["sc"] = state.scenario
    out["lang"] = state.lang  # always: a shared link opens in the sender's language
    return out


def parse_lang(params: Mapping, default: str) -> tuple[str, str | None]:
    """The ``lang`` parameter of ``params``: ``(language, notice)``; a missing one gives
    ``default`` and no notice, a malformed one ``default`` and a notice (in the language of
    ``default``'s catalog current at the call). Never raises."""
    raw = _one(params, "lang")
    if raw is None:
        return default, None
    value = raw.strip().lower()
    if value in LANGS:
        return value, None
    return default, _("Ignored URL parameter {name}={value}: {why}; using the default.").format(
        name="lang", value=repr(_show(raw)), why=_("use en or ja")
    )
