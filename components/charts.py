"""Plotly figures. Every text that comes from data passes :func:`components.safe.plotly_text`
(labels, cut to a legend-sized length) or :func:`components.safe.plotly_hover` (hover text);
colours come from :mod:`components.palette` (one per country, the same on every chart). Every
word, unit and date format is in the viewer's language (:mod:`tightrope.i18n`).

Length: one builder per chart kind of the dashboard, sharing the layout, hover and date-axis helpers
at the top; splitting them by page would scatter those helpers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.palette import CHANNEL_COLOURS, CHANNEL_SYMBOLS, country_colour
from components.safe import plotly_hover as h
from components.safe import plotly_text as t
from tightrope import i18n
from tightrope.constants import ALL_GOODS
from tightrope.i18n import N_
from tightrope.i18n import gettext as _

PRODUCT_COLOURS = {
    ALL_GOODS: "#0072B2",
    "autos": "#D55E00",
    "auto_parts": "#CC79A7",
    "steel": "#009E73",
    "aluminum": "#56B4E9",
    "copper": "#E69F00",
}
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
#: Second cues beside colour (WCAG 1.4.1): marker shapes of lines, fill patterns of bars.
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "star", "hexagon", "cross"]
PATTERNS = ["", "/", ".", "x", "-", "|"]
EXTRA_COLOURS = ["#882255", "#44AA99", "#999933", "#AA4499", "#6699CC", "#8C8C8C", "#117733", "#DDCC77"]


def _cols(*columns) -> np.ndarray:
    """Per-point text columns as one 2-D object array (``customdata``): plotly validates a
    numpy array in one step, but a list of tuples element by element (slow at thousands of
    points)."""
    out = np.empty((len(columns[0]), len(columns)), dtype=object)
    for j, col in enumerate(columns):
        out[:, j] = col
    return out


def _texts(values) -> np.ndarray:
    """A 1-D object array of texts (see :func:`_cols`)."""
    return np.asarray(list(values), dtype=object)


def _days(dates: pd.Series) -> np.ndarray:
    """Calendar days as ``YYYY-MM-DD`` texts: on a date axis plotly reads them as the same days, and
    each weighs 10 characters in the figure's JSON instead of a timestamp's 29 (a figure with
    hundreds of points is re-sent on every as-of change)."""
    return _texts(pd.to_datetime(dates).dt.strftime("%Y-%m-%d"))


def _sources(rows: pd.DataFrame) -> list[str]:
    """Hover text of each row's source: the escaped ``source_id`` and, when the frame carries an
    ``evidence`` column (see :func:`tightrope.queries.with_evidence`), a second line
    ``evidence: official`` or ``evidence: reported``."""
    ids = [t(x) for x in rows["source_id"]]
    if "evidence" not in rows.columns:
        return ids
    word = _("evidence:")
    return [f"{s}<br>{word} {t(i18n.label(e))}" for s, e in zip(ids, rows["evidence"], strict=True)]


def product_colour(product: str, i: int = 0) -> str:
    return PRODUCT_COLOURS.get(product, EXTRA_COLOURS[i % len(EXTRA_COLOURS)])


def _layout(fig: go.Figure, *, height: int, big: bool, y_title: str = "", x_title: str = "") -> go.Figure:
    size = 18 if big else 14
    fig.update_layout(
        height=height,
        margin=dict(l=10, r=10, t=30, b=10),
        font=dict(size=size),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0, font=dict(size=size)),
        hoverlabel=dict(font_size=size),
        yaxis_title=y_title,
        xaxis_title=x_title,
    )
    fig.update_xaxes(tickfont=dict(size=size), title_font=dict(size=size))
    fig.update_yaxes(tickfont=dict(size=size), title_font=dict(size=size))
    if i18n.is_ja():  # plain grouped numbers (12,000), not plotly's SI "12k", on value axes
        fig.for_each_yaxis(lambda ax: ax.update(tickformat=",") if ax.tickformat is None else None)
    return fig


MAX_BAND_LABELS = 3
#: Date-axis tick formats in Japanese by zoom level (plotly's default names months in English).
JA_DATE_TICKS = [
    dict(dtickrange=[None, 86_400_000 * 27], value="%Y年%-m月%-d日"),
    dict(dtickrange=[86_400_000 * 27, 86_400_000 * 360], value="%Y年%-m月"),
    dict(dtickrange=[86_400_000 * 360, None], value="%Y年"),
]


def _merge_periods(bands: pd.DataFrame) -> list[tuple[pd.Timestamp, pd.Timestamp, str]]:
    """Overlapping ``start``-``end`` periods merged; each keeps the first period's label (with
    "+N more" when it absorbed others)."""
    out: list[list] = []
    for b in bands.sort_values("start").itertuples(index=False):
        if out and b.start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b.end)
            out[-1][3] += 1
        else:
            out.append([b.start, b.end, b.label, 0])
    return [(s, e, label + (" " + _("(+{n} more)").format(n=n) if n else "")) for s, e, label, n in out]


def _sizes(rows: pd.DataFrame, base: int) -> list[float] | int:
    """Marker sizes: ``base`` for single events; growing with ``count`` for monthly totals."""
    if "count" not in rows or (rows["count"] <= 1).all():
        return base
    return [base + 4 * (n**0.5 - 1) for n in rows["count"]]


#: The colour of the as-of line and its label on every date axis.
AS_OF_GREY = "#8C8C8C"


def _as_of_label(as_of: pd.Timestamp, xanchor: str = "left", x=None) -> dict:
    """The "as of <day>" label at the top of the as-of line (a plotly annotation), on the
    ``xanchor`` side of the line; ``x`` is the line's place when the axis is not a date axis
    (a year axis: ``as_of.year``)."""
    return dict(
        x=as_of if x is None else x,
        y=1,
        yref="paper",
        text=_("as of {day}").format(day=i18n.day(as_of)),
        showarrow=False,
        xanchor=xanchor,
        yanchor="bottom",
        font=dict(color=AS_OF_GREY),
    )


def _as_of_line(fig: go.Figure, as_of: pd.Timestamp) -> None:
    """The dashed as-of line on a date axis (which, in Japanese, gets 2025年4月 ticks: plotly
    writes month names in English otherwise)."""
    if i18n.is_ja():
        fig.update_xaxes(tickformatstops=JA_DATE_TICKS)
    fig.add_vline(x=as_of, line_width=2, line_dash="dash", line_color=AS_OF_GREY)
    fig.add_annotation(**_as_of_label(as_of))


def rate_steps(
    series: pd.DataFrame,
    as_of: pd.Timestamp,
    *,
    marks: pd.DataFrame | None = None,
    bands: pd.DataFrame | None = None,
    big: bool = False,
    height: int = 420,
) -> go.Figure:
    """Step chart of the headline rate per product.

    ``series``: columns ``date``, ``product``, ``rate_pct``, ``label``, ``legal_basis``,
    ``source_id`` (from :func:`tightrope.tariffs.rate_series`). ``marks``: optional rows
    ``date``, ``label`` drawn as dotted announcement lines. ``bands``: optional ``start``, ``end``,
    ``label`` shaded (e.g. the pause). Y axis: percent ad valorem.
    """
    fig = go.Figure()
    for i, (product, g) in enumerate(series.groupby("product", sort=False)):
        g = g.sort_values("date")
        fig.add_trace(
            go.Scatter(
                x=g["date"],
                y=g["rate_pct"],
                mode="lines",
                line=dict(shape="hv", width=3, color=product_colour(product, i), dash=DASHES[i % len(DASHES)]),
                name=t(i18n.label(product)),
                customdata=_cols(
                    [h(x) for x in g["label"]],
                    [h(i18n.legal_basis(x)) for x in g["legal_basis"]],
                    _sources(g),
                ),
                hovertemplate="%{x|"
                + i18n.plotly_day()
                + "}: %{customdata[0]}<br>%{customdata[1]}<br>"
                + _("source:")
                + " %{customdata[2]}<extra>"
                + t(i18n.label(product))
                + "</extra>",
            )
        )
    if bands is not None and not bands.empty:
        # one shape per merged period, set in one go (add_vrect per band is quadratic in plotly)
        merged = _merge_periods(bands)
        fig.update_layout(
            shapes=[
                dict(
                    type="rect",
                    xref="x",
                    yref="paper",
                    x0=s,
                    x1=e,
                    y0=0,
                    y1=1,
                    fillcolor="#8C8C8C",
                    opacity=0.15,
                    line_width=0,
                    layer="below",
                )
                for s, e, _label in merged
            ]
        )
        for s, _e, label in merged[:MAX_BAND_LABELS]:
            fig.add_annotation(
                x=s,
                y=1,
                yref="paper",
                text=t(label),
                showarrow=False,
                xanchor="left",
                yanchor="top",
                font=dict(color="#8C8C8C"),
            )
    if marks is not None and not marks.empty:
        fig.add_trace(
            go.Scatter(
                x=marks["date"],
                y=[0] * len(marks),
                mode="markers",
                marker=dict(symbol="triangle-up", size=12, color="#8C8C8C"),
                name=_("announcement"),
                customdata=[h(x) for x in marks["label"]],
                hovertemplate="%{x|" + i18n.plotly_day() + "}: %{customdata}<extra>" + _("announced") + "</extra>",
            )
        )
    _as_of_line(fig, as_of)
    fig.update_yaxes(ticksuffix="%", rangemode="tozero")
    return _layout(fig, height=height, big=big, y_title=_("tariff rate (% ad valorem)"))


def country_rate_bars(rates: pd.DataFrame, names: dict[str, str], *, big: bool = False, height: int = 360) -> go.Figure:
    """Horizontal bars: headline rate per target country, each in its own colour; a bar whose
    sources are news or analysis only (``evidence`` == ``reported``) is hatched, so the evidence
    level shows without hover or colour.

    ``rates``: ``iso3``, ``rate_pct`` (percent; NaN = none), ``label``, ``source_id``, optional
    ``evidence`` (:func:`tightrope.queries.with_evidence`).
    """
    r = rates.fillna({"rate_pct": 0.0}).sort_values("rate_pct")
    reported = r["evidence"].eq("reported") if "evidence" in r.columns else pd.Series(False, index=r.index)
    fig = go.Figure(
        go.Bar(
            x=r["rate_pct"],
            y=[t(names.get(c, c)) for c in r["iso3"]],
            orientation="h",
            marker_color=[country_colour(c) for c in r["iso3"]],
            marker_pattern_shape=["/" if x else "" for x in reported],
            text=[t(x) for x in r["label"]],
            textposition="auto",
            customdata=_sources(r),
            hovertemplate="%{y}: %{text}<br>" + _("source:") + " %{customdata}<extra></extra>",
        )
    )
    fig.update_xaxes(ticksuffix="%", rangemode="tozero")
    return _layout(fig, height=height, big=big, x_title=_("US tariff on goods in general (% ad valorem)"))


def lanes(days: pd.Series, rows: pd.Series, min_gap_days: float) -> np.ndarray:
    """Vertical offsets (in category units) that keep marks of one row apart when they would
    overlap: a mark less than ``min_gap_days`` after the previous mark of its lane moves to the
    next lane (0, +0.28, -0.28, +0.14, -0.14 ...), so two calls three weeks apart on a two-year
    axis stay visible and hoverable side by side. ``days``: datetimes; ``rows``: the row key."""
    offsets = [0.0, 0.28, -0.28, 0.14, -0.14, 0.36, -0.36]
    out = np.zeros(len(days))
    order = np.lexsort((days.to_numpy(), rows.to_numpy()))
    last: dict[tuple, pd.Timestamp] = {}
    for pos in order:
        row, day = rows.iloc[pos], days.iloc[pos]
        for lane in range(len(offsets)):
            prev = last.get((row, lane))
            if prev is None or (day - prev).days >= min_gap_days:
                last[(row, lane)] = day
                out[pos] = offsets[lane]
                break
        else:  # more marks than lanes in one spot: the last lane (counted in the hover)
            out[pos] = offsets[-1]
    return out


def contact_timeline(
    contacts: pd.DataFrame, names: dict[str, str], as_of: pd.Timestamp, *, big: bool = False, height: int = 420
) -> go.Figure:
    """Contacts as marks: x = start date, y = the other country, colour and shape = channel
    (:data:`components.palette.CHANNEL_SYMBOLS`: the shape is the second cue, for viewers who
    cannot tell the colours apart). Marks that would overlap on a row (closer than about 2.5%
    of the time axis) are moved apart vertically (:func:`lanes`).

    ``contacts``: typed ``diplomatic_contacts`` plus ``other`` (iso3).
    """
    fig = go.Figure()
    order = sorted(contacts["other"].unique(), key=lambda c: names.get(c, c)) if not contacts.empty else []
    row_of = {c: i for i, c in enumerate(order)}
    if not contacts.empty:
        span = max((max(contacts["start"].max(), as_of) - contacts["start"].min()).days, 30)
        offset = pd.Series(lanes(contacts["start"], contacts["other"], span * 0.025), index=contacts.index)
    for channel, g in contacts.groupby("channel", sort=True):
        fig.add_trace(
            go.Scatter(
                x=g["start"],
                y=[row_of[c] + offset[i] for c, i in zip(g["other"], g.index)],
                mode="markers",
                marker=dict(
                    size=_sizes(g, 13),
                    color=CHANNEL_COLOURS.get(channel, "#8C8C8C"),
                    symbol=CHANNEL_SYMBOLS.get(channel, "circle"),
                    line=dict(width=1, color="#ffffff"),
                ),
                name=t(i18n.label(channel)),
                customdata=_cols(
                    [h(s) for s in g["summary"]],
                    _sources(g),
                    [h(p) for p in g["participants"]],
                    [t(names.get(c, c)) for c in g["other"]],
                ),
                hovertemplate="%{x|"
                + i18n.plotly_day()
                + "} · %{customdata[3]}<br>%{customdata[0]}<br>%{customdata[2]}<br>"
                + _("source:")
                + " %{customdata[1]}<extra>"
                + t(i18n.label(channel))
                + "</extra>",
            )
        )
    fig.update_yaxes(
        tickmode="array",
        tickvals=list(range(len(order))),
        ticktext=[t(names.get(c, c)) for c in order],
        range=[-0.6, len(order) - 0.4],
        zeroline=False,
        showgrid=True,
    )
    _as_of_line(fig, as_of)
    return _layout(fig, height=height, big=big)


def side_by_side_contacts(
    counts: pd.DataFrame, names: dict[str, str], *, big: bool = False, height: int = 380
) -> go.Figure:
    """Grouped bars: contacts of each power (``power``, iso3) with each state (``iso3``); each
    power has its colour and its own fill pattern (the second cue, shown in the legend).

    ``counts``: columns ``iso3``, ``power``, ``contacts`` (int).
    """
    fig = go.Figure()
    for i, (power, g) in enumerate(counts.groupby("power", sort=True)):
        fig.add_trace(
            go.Bar(
                x=[t(names.get(c, c)) for c in g["iso3"]],
                y=g["contacts"],
                name=t(names.get(power, power)),
                marker_color=country_colour(power),
                marker_pattern_shape=PATTERNS[i % len(PATTERNS)],
                text=g["contacts"],
                textposition="outside",
                hovertemplate="%{x}: " + _("%{y} contact(s)") + "<extra>" + t(names.get(power, power)) + "</extra>",
            )
        )
    fig.update_layout(barmode="group")
    return _layout(fig, height=height, big=big, y_title=_("contacts (count)"))


def trade_lines(
    flows: pd.DataFrame,
    names: dict[str, str],
    flow: str,
    unit: str,
    *,
    as_of: pd.Timestamp | None = None,
    big: bool = False,
    height: int = 380,
) -> go.Figure:
    """Lines of yearly trade value by partner for one ``flow`` (export/import).

    ``flows``: typed ``trade_flows`` (``partner``, ``year``, ``value``, ``source_id``) already
    filtered to one reporter, product and unit.
    """
    fig = go.Figure()
    f = flows[flows["flow"] == flow]
    scale, shown, digits = chart_unit(unit)
    for i, (partner, g) in enumerate(f.groupby("partner", sort=True)):
        g = g.sort_values("year")
        label = t(names.get(partner, partner))
        fig.add_trace(
            go.Scatter(
                x=g["year"].astype(int),
                y=g["value"] * scale,
                mode="lines+markers",
                name=label,
                marker=dict(size=10, symbol=SYMBOLS[i % len(SYMBOLS)]),
                line=dict(
                    width=3,
                    color=country_colour(partner) if partner in names else "#8C8C8C",
                    dash=DASHES[i % len(DASHES)],
                ),
                customdata=_sources(g),
                hovertemplate=f"%{{x}}: %{{y:,.{digits}f}} "
                + t(shown)
                + "<br>"
                + _("source:")
                + " %{customdata}<extra>"
                + label
                + "</extra>",
            )
        )
    fig.update_xaxes(dtick=1, ticksuffix="年" if i18n.is_ja() else "")
    if as_of is not None:
        fig.add_vline(x=as_of.year, line_width=2, line_dash="dash", line_color=AS_OF_GREY)
        fig.add_annotation(**_as_of_label(as_of, "right", x=as_of.year))
    return _layout(fig, height=height, big=big, y_title=shown)


def chart_unit(unit: str) -> tuple[float, str, int]:
    """How a chart shows yearly values given in ``unit``: ``(scale, unit label, decimals)``. In
    Japanese, billion yen are drawn as trillion yen (20,400 billion yen reads 20.4兆円)."""
    if i18n.is_ja() and unit == "JPY_bn":
        return 0.001, _("trillion yen"), 1
    return 1.0, unit_label(unit), 0


def unit_label(unit: str) -> str:
    """A trade unit as shown: ``JPY_bn`` -> billion yen (10億円), ``USD_bn`` -> billion US dollars."""
    return {"JPY_bn": _("billion yen"), "USD_bn": _("billion US dollars")}.get(unit, unit)


def event_timeline(
    events: pd.DataFrame,
    as_of: pd.Timestamp,
    names: dict[str, str],
    *,
    big: bool = False,
    height: int = 380,
    tracks: list[str] | None = None,
) -> go.Figure:
    """Key events on tracks: ``events`` has ``date``, ``track``, ``kind``, ``label``,
    ``source_id``, ``other`` (iso3, used for the colour)."""
    fig = go.Figure()
    tracks = [t(x) for x in (tracks if tracks is not None else dict.fromkeys(events["track"]))]  # bottom first
    for other, g in events.groupby("other", sort=True):
        fig.add_trace(
            go.Scatter(
                x=_days(g["date"]),
                y=_texts(t(x) for x in g["track"]),
                mode="markers",
                marker=dict(
                    size=_sizes(g, 12),
                    color=country_colour(other),
                    # the shape tells the kind of event apart without the colour (WCAG 1.4.1):
                    # filled diamond = took effect, open diamond = announced only, circle = contact
                    symbol=np.select(
                        [(g["kind"] == "took effect").to_numpy(), (g["kind"] == "announced").to_numpy()],
                        ["diamond", "diamond-open"],
                        "circle",
                    ).astype(object),
                    line=dict(width=np.where((g["kind"] == "announced").to_numpy(), 2.5, 1.0), color="#ffffff"),
                ),
                name=t(names.get(other, other)),
                customdata=_cols([h(x) for x in g["label"]], _sources(g), [t(i18n.label(x)) for x in g["kind"]]),
                hovertemplate="%{x|"
                + i18n.plotly_day()
                + "} · %{customdata[2]}<br>%{customdata[0]}<br>"
                + _("source:")
                + " %{customdata[1]}<extra></extra>",
            )
        )
    fig.update_yaxes(categoryorder="array", categoryarray=tracks)
    _as_of_line(fig, as_of)
    return _layout(fig, height=max(height, 34 * len(tracks) + 120), big=big)


# --- exposure (what the tariffs cost Japan) ---------------------------------------------------------

EFFECTIVE = N_("effective (trade-weighted)")


def effective_rate(
    series: pd.DataFrame,
    as_of: pd.Timestamp,
    *,
    events: pd.DataFrame,
    marks: pd.DataFrame | None = None,
    bands: pd.DataFrame | None = None,
    big: bool = False,
    height: int = 420,
) -> go.Figure:
    """Step line of the effective additional US tariff on Japanese goods, with numbered markers
    on the named steps (``events``: ``date``, ``effective_pct``, ``label``; numbered 1.. in
    order, so a table beside the chart can name them), announcements (``marks``) and pauses
    (``bands``) as in :func:`rate_steps`. ``series``: ``date``, ``effective_pct``, ``change``,
    ``source_id`` (:meth:`tightrope.exposure.Exposure.series`). Y axis: percentage points."""
    steps = pd.DataFrame(
        {
            "date": series["date"],
            "product": EFFECTIVE,
            "rate_pct": series["effective_pct"].round(2),
            "label": [f"{r:.1f}%" for r in series["effective_pct"]],
            "legal_basis": series["change"],
            "source_id": series["source_id"],
        }
    )
    fig = rate_steps(steps, as_of, marks=marks, bands=bands, big=big, height=height)
    fig.update_traces(line_color=PRODUCT_COLOURS["autos"], selector=dict(name=t(i18n.label(EFFECTIVE))))
    if not events.empty:
        fig.add_trace(
            go.Scatter(
                x=events["date"],
                y=events["effective_pct"],
                mode="markers+text",
                marker=dict(
                    size=20 if big else 16, color="#ffffff", line=dict(width=2, color=PRODUCT_COLOURS["autos"])
                ),
                text=[str(i + 1) for i in range(len(events))],
                textfont=dict(size=13 if big else 11, color="#000000"),
                textposition="middle center",
                name=_("named step"),
                customdata=_cols([h(x) for x in events["label"]], [t(x) for x in events["source_id"]]),
                hovertemplate=f"%{{x|{i18n.plotly_day()}}}: %{{y:.1f}}%<br>%{{customdata[0]}}<br>"
                + _("source:")
                + " %{customdata[1]}<extra></extra>",
            )
        )
    fig.update_yaxes(title_text=_("effective additional tariff (percent of trade value)"))
    return fig


MONTHLY_STYLE = {
    "USA all_goods": ("USA", "solid"),
    "USA autos": ("USA", "dot"),
    "CHN all_goods": ("CHN", "solid"),
    "ASEAN all_goods": ("VNM", "dash"),
    "WORLD all_goods": ("SGP", "solid"),
}


def monthly_exports(
    monthly: pd.DataFrame,
    steps: pd.DataFrame,
    as_of: pd.Timestamp,
    names: dict[str, str],
    *,
    unit: str = "JPY_bn",
    big: bool = False,
    height: int = 620,
) -> go.Figure:
    """Panels on one time axis: Japan's monthly exports to the US (total and autos), China and
    ASEAN on top; to the world (a larger scale) below; the effective additional US tariff at the
    bottom, so the tariff steps line up with the trade. ``monthly``: ``month``, ``series``,
    ``partner``, ``product``, ``value`` (NaN = gap), ``status``, ``source_id`` (from
    :func:`tightrope.exposure.monthly_exports`); ``steps``: ``date``, ``effective_pct``.

    The panels are y axes with their own domains over one x axis, built in one go (plotly's
    ``make_subplots`` costs more than the rest of the figure)."""
    world = bool((monthly["partner"] == "WORLD").any())
    top, mid, bottom = ("y", "y2", "y3") if world else ("y", None, "y2")
    traces = []
    for i, (series, g) in enumerate(monthly.groupby("series", sort=False)):
        colour_of, dash = MONTHLY_STYLE.get(series, ("", "solid"))
        partner, product = g["partner"].iloc[0], g["product"].iloc[0]
        who = names.get(partner, partner)
        label = t(_("{partner}, autos").format(partner=who) if product == "autos" else who)
        traces.append(
            go.Scatter(
                x=g["month"],
                y=g["value"],
                yaxis=mid if (mid and partner == "WORLD") else top,
                mode="lines+markers",
                connectgaps=False,
                name=label,
                marker=dict(size=8, symbol=SYMBOLS[i % len(SYMBOLS)]),
                line=dict(width=3, color=country_colour(colour_of) if colour_of else "#8C8C8C", dash=dash),
                customdata=_cols([t(i18n.label(x)) for x in g["status"]], [t(x) for x in g["source_id"]]),
                hovertemplate=f"%{{x|{i18n.plotly_month()}}}: %{{y:,.1f}} "
                + t(unit_label(unit))
                + " (%{customdata[0]})<br>"
                + _("source:")
                + " %{customdata[1]}<extra>"
                + label
                + "</extra>",
            )
        )
    traces.append(
        go.Scatter(
            x=steps["date"],
            y=steps["effective_pct"],
            yaxis=bottom,
            mode="lines",
            line=dict(shape="hv", width=3, color=PRODUCT_COLOURS["autos"]),
            name=_("US tariff, effective"),
            hovertemplate=f"%{{x|{i18n.plotly_day()}}}: %{{y:.1f}}%<extra>"
            + _("effective additional US tariff")
            + "</extra>",
        )
    )
    # in Japanese, plain grouped numbers on the value axes (plotly's SI "12k" reads as English)
    number = dict(tickformat=",") if i18n.is_ja() else {}
    per_month = dict(title_text=_("{unit} / month").format(unit=unit_label(unit)), rangemode="tozero", **number)
    tariff = dict(title_text=_("US tariff (%)"), ticksuffix="%", rangemode="tozero")
    if world:
        axes = dict(
            yaxis=dict(domain=[0.58, 1.0], **per_month),
            yaxis2=dict(domain=[0.33, 0.53], title_text=names.get("WORLD", _("world")), rangemode="tozero", **number),
            yaxis3=dict(domain=[0.0, 0.28], **tariff),
        )
    else:
        axes = dict(yaxis=dict(domain=[0.4, 1.0], **per_month), yaxis2=dict(domain=[0.0, 0.33], **tariff))
    size = 18 if big else 14
    for ax in axes.values():
        ax.update(tickfont=dict(size=size), title_font=dict(size=size))
    as_of_line = dict(
        type="line",
        xref="x",
        yref="paper",
        x0=as_of,
        x1=as_of,
        y0=0,
        y1=1,
        line=dict(width=2, dash="dash", color=AS_OF_GREY),
    )
    return go.Figure(
        data=traces,
        layout=dict(
            height=height,
            margin=dict(l=10, r=10, t=30, b=10),
            font=dict(size=size),
            legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0, font=dict(size=size)),
            hoverlabel=dict(font_size=size),
            xaxis=dict(tickfont=dict(size=size), **(dict(tickformatstops=JA_DATE_TICKS) if i18n.is_ja() else {})),
            shapes=[as_of_line],
            annotations=[_as_of_label(as_of, "right")],
            **axes,
        ),
    )
