"""Small page blocks: chart footers (unit, as-of, sources), KPI tiles, source lists,
validation banners and CSV downloads. Every data text is escaped with :mod:`components.safe`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd
import streamlit as st

from components import charts
from components.safe import EMPTY_CELL, clean, link, md, shorten, table
from tightrope import i18n, localized, queries
from tightrope.contacts import split_list
from tightrope.export import to_safe_csv
from tightrope.i18n import gettext as _
from tightrope.localized import localize_frame


def source_links(sources: pd.DataFrame, ids: Iterable[str], limit: int = 8) -> str:
    """Markdown list of the cited sources ``ids`` (escaped titles, http(s) links only)."""
    wanted: list[str] = []
    # distinct cells first, without iterating every cell in Python: a 100,000-row table cites few sources
    distinct = ids.unique() if isinstance(ids, pd.Series) else dict.fromkeys(ids)
    for sid in distinct:
        for one in split_list(sid):
            if one not in wanted:
                wanted.append(one)
    shown = wanted[:limit]
    rows = {r["source_id"]: r for r in sources[sources["source_id"].isin(shown)].to_dict("records")}
    parts = []
    for sid in shown:
        if sid in rows:
            r = rows[sid]
            day = i18n.day(r["published"]) if pd.notna(r["published"]) else _("n.d.")
            text, about = queries.link_title(r["title"], r["publisher"], day)
            about = f": {md(about, 160)}" if about else ""
            parts.append(
                f"{md(r['publisher'], 120)}, {link(shorten(text, 200), r['url'])}{about} "
                f"({i18n.join([day, md(i18n.label(r['kind']))])})"
            )
        else:
            parts.append(md(sid, 120))
    more = _("; and {n} more").format(n=len(wanted) - limit) if len(wanted) > limit else ""
    return "; ".join(parts) + more if parts else _("no source rows")


def chart_footer(*, unit: str, as_of: date, sources: pd.DataFrame, ids: Iterable[str], note: str = "") -> None:
    """Caption under a chart: unit, as-of date, the sources behind it with their evidence level
    ("Sources: 3 official, 2 reported") and an optional note."""
    st.caption(footer_text(unit=unit, as_of=as_of, sources=sources, ids=ids, note=note))


def footer_text(*, unit: str, as_of: date, sources: pd.DataFrame, ids: Iterable[str], note: str = "") -> str:
    """The Markdown of :func:`chart_footer` (for pages that build it once and share it)."""
    extra = f" {md(note)}" if note else ""
    ids = ids if isinstance(ids, pd.Series) else list(ids)
    return (
        _("**Unit:** {unit} · **As of:** {day} · **Sources:** {sources}").format(
            unit=md(unit),
            day=i18n.day(as_of),
            sources=f"{queries.evidence_summary(sources, ids)} — {source_links(sources, ids)}",
        )
        + extra
    )


def table_config(frame: pd.DataFrame, **special) -> dict:
    """``column_config`` for ``st.dataframe(frame)``: every column headed in the current language
    (:func:`tightrope.i18n.header`), date columns written as days in that language; ``special``
    (column -> config) replaces a column's config (give it a translated label)."""
    out = {}
    for col in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[col]):
            out[col] = st.column_config.DateColumn(i18n.header(col), format=i18n.moment_day())
        else:
            out[col] = st.column_config.Column(i18n.header(col))
    out.update(special)
    return out


def show_table(frame: pd.DataFrame, key: str, links: Iterable[str] = (), **special) -> None:
    """``frame`` as a table in the current language: curated text and named values localised
    (:func:`tightrope.localized.localize_frame`), text cleaned (:func:`components.safe.table`),
    headers and dates through :func:`table_config`."""
    shown = table(localize_frame(frame), links=links)
    st.dataframe(shown, hide_index=True, key=key, column_config=table_config(shown, **special), placeholder=EMPTY_CELL)


def evidence_column() -> st.column_config.TextColumn:
    """How the ``evidence`` column of a fact table is shown (see :func:`tightrope.queries.with_evidence`)."""
    return st.column_config.TextColumn(
        _("evidence"),
        help=_(
            "official: at least one source is a government or court "
            "document or release; reported: news or analysis only"
        ),
    )


def fact_table(
    frame: pd.DataFrame,
    sources: pd.DataFrame,
    *,
    key: str,
    column_config: dict | None = None,
    links: list[str] | None = None,
    col: str = "source_id",
) -> None:
    """Show rows of a fact table with their evidence level (official / reported) in an
    ``evidence`` column beside ``col``, in the current language (:func:`show_table`)."""
    shown = queries.with_evidence(frame, sources, col)
    if "evidence" in shown.columns and i18n.is_ja():
        shown = shown.assign(evidence=shown["evidence"].map(lambda v: i18n.label(v) if isinstance(v, str) else v))
    config = {"evidence": evidence_column(), **(column_config or {})} if "evidence" in shown.columns else column_config
    show_table(shown, key, links=links or (), **(config or {}))


def current_to_text(current_to: date) -> str:
    """``"Data current to 2026-07-24, 131 days ago"`` (age counted to today's date)."""
    return _("Data {label}").format(label=queries.current_to_label(current_to, date.today()))


def chart(fig, key: str, name: str | None = None, *, summary: str, data: pd.DataFrame | None = None) -> None:
    """Show a plotly figure with its text alternative; its modebar downloads a PNG (2x scale,
    ``tightrope-<key>.png``, with ``-ja`` in Japanese).

    ``summary`` (plain text from :mod:`tightrope.summaries`: what the chart shows on the as-of
    date) is the chart's accessible name (``alt``) and, with ``data`` (the frame the chart
    draws), sits one click away under it behind a "Chart as text and table" switch (:func:`as_text`)."""
    config = {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": file_name(name or f"tightrope-{key}"), "scale": 2},
    }
    st.plotly_chart(fig, key=key, config=config, alt=clean(summary))
    as_text(summary, data, key=key)


def as_text(summary: str, data: pd.DataFrame | None, *, key: str) -> None:
    """A switch under a chart or map that shows its text summary (escaped) and the table behind
    it in the current language (:func:`show_table`; links shown as text), in a container keyed
    ``<key>-as-text-body``.

    A switch, not an expander: an expander's content is sent with every rerun even while it is
    closed, and these tables were a third of the bytes of an as-of change on the Overview
    (bench/map_asof.py); behind the switch they are built and sent only for a viewer who asks.
    The summary is also the chart's accessible name (:func:`chart`), so a screen reader has it
    without the switch."""
    if st.toggle(_("Chart as text and table"), key=f"{key}-as-text"):
        with st.container(border=True, key=f"{key}-as-text-body"):
            st.markdown(md(summary))
            if data is not None:
                show_table(data, key=f"{key}-data")


def file_name(name: str) -> str:
    """A download's file name (no extension) in the current language: ``-ja`` added in Japanese,
    so a Japanese export (translated headers and values) is not mistaken for the English one."""
    return f"{name}-ja" if i18n.is_ja() else name


def download(
    frame: pd.DataFrame, name: str, label: str | None = None, key: str | None = None, header_row: str | None = None
) -> None:
    """A download button for ``frame`` as CSV with spreadsheet formulas neutralised (and an
    optional first ``header_row``, e.g. a scenario's HYPOTHETICAL label).

    The CSV is made only when the button is clicked (deferred ``data``), not on every rerun, and
    the click does not rerun the page."""
    st.download_button(
        label or _("Download CSV"),
        data=lambda: to_safe_csv(frame, header_row),
        file_name=f"{file_name(name)}.csv",
        mime="text/csv",
        key=key or f"dl-{name}",
        icon=":material/download:",
        on_click="ignore",
    )


def known_gaps(gaps: list[dict[str, str]], topics: tuple[str, ...] | None = None, *, expanded: bool = False) -> None:
    """The manifest's known gaps (``[{"topic", "text"}]``, see :func:`tightrope.manifest.gaps`)
    for ``topics`` (all when ``None``) in an expander; nothing when there are none. Text is
    escaped: the manifest is edited by hand."""
    shown = [g for g in gaps if topics is None or g["topic"] in topics]
    if not shown:
        return
    with st.expander(
        _("Known gaps in the record ({n})").format(n=len(shown)), expanded=expanded, icon=":material/help:"
    ):
        lines = []
        for g in shown:
            text, mark = localized.text_of(g, "text")  # text_ja in Japanese, else the English marked
            lines.append(f"- **{md(i18n.label(g['topic']))}**: {md(text)}{mark}")
        st.markdown("\n".join(lines))
        st.caption(
            _(
                "From data/MANIFEST.json: what the curators looked for and could "
                "not source. A gap is left empty rather than filled with a guess."
            )
        )


def no_general_tariff_note(ds, as_of: date, rates: pd.DataFrame) -> bool:
    """An explanation above a rate comparison in which no country has a US tariff on goods in
    general in force on ``as_of`` (``rates``: ``iso3``, ``rate_pct`` ...), so an empty chart is
    not mistaken for missing data: which general measure ended last, and where the known gaps
    are listed. Returns True when the note was shown (the chart would be empty)."""
    if rates.empty or rates["rate_pct"].notna().any():
        return False
    last = queries.last_general_tariff_end(ds, as_of)
    ended = (
        " "
        + _("The last one, under {basis}, ended on {day}.").format(
            basis=md(i18n.legal_basis(last["legal_basis"])), day=i18n.day(last["ended"])
        )
        if last
        else ""
    )
    st.info(
        _(
            "No US tariff on goods in general is recorded in force on {day} "
            "for these countries; product tariffs (Section 232) still apply."
        ).format(day=i18n.day(as_of))
        + ended
        + " "
        + _("Whatever followed is not in the data yet: see *Known gaps in the record* on the Sources page."),
        icon=":material/info:",
    )
    return True


def rate_comparison(view, rates: pd.DataFrame, *, key: str, unit: str, **chart_options) -> None:
    """The US general rate by country (``rates`` from :func:`tightrope.queries.rates_by_target`:
    ``iso3``, ``rate_pct``, ``source_id`` ...) as bars with hover evidence and the chart footer
    (``unit``, the view's as-of date, sources); or, when no country has a general tariff in force
    on that date, the note that says so instead of an empty chart (:func:`no_general_tariff_note`).
    ``view``: the page's :class:`components.session.View` (dataset, as-of date, names, presenting);
    ``chart_options`` go to :func:`chart` with the figure."""
    ds = view.ds
    if no_general_tariff_note(ds, view.as_of, rates):
        return
    bars = charts.country_rate_bars(
        queries.with_evidence(rates, ds["sources"]), view.names, big=view.present, height=max(300, 34 * len(rates) + 80)
    )
    chart(bars, key, **chart_options)
    chart_footer(unit=unit, as_of=view.as_of, sources=ds["sources"], ids=rates["source_id"])


def kpi(col, label: str, value: str, help_text: str, delta: str | None = None) -> None:
    """One KPI tile (``st.metric``) in ``col``; ``help_text`` names the source.

    ``st.metric`` renders label, value, delta and help as Markdown: ``help_text`` (which quotes
    source ids) is escaped here; ``label``, ``value`` and ``delta`` must be the page's own words
    and numbers, never data text (escape with :func:`components.safe.md` if that changes)."""
    col.metric(label, value, delta=delta, delta_color="off", delta_arrow="off", help=md(help_text), border=True)


def validation_banner(report, fallbacks: list[str]) -> None:
    """A short banner on every page while the data has errors; full list on the Data page."""
    if fallbacks:
        st.error(
            _(
                "Could not read {files}: the dashboard shows the last version "
                "that loaded (or nothing). See the Data page for what to fix."
            ).format(files=md(", ".join(fallbacks))),
            icon=":material/error:",
        )
    n = len(report.errors)
    if n:
        files = sorted({p.file for p in report.errors})
        st.warning(
            i18n.ngettext(
                "{n} data problem in {files}: the affected rows are left out. "
                "See the Data page for file, row, column and how to fix each.",
                "{n} data problems in {files}: the affected rows are left out. "
                "See the Data page for file, row, column and how to fix each.",
                n,
            ).format(n=n, files=md(", ".join(files))),
            icon=":material/warning:",
        )
    for p in report.renamed_columns:
        st.warning(
            _("{file}: the column {column} {message}. Fix: {fix}.").format(
                file=md(p.file), column=md(repr(p.column)), message=md(p.message), fix=md(p.fix)
            ),
            icon=":material/warning:",
        )


def exposure_method_note(exp) -> None:
    """The method note of the effective-rate estimate (static, pre-substitution; rates per group;
    what is not modelled), shared by the Exposure and Scenarios pages. ``exp``: the
    :class:`tightrope.exposure.Exposure` shown, or ``None`` when the data has no weighting."""
    base = (
        _("base year {year} ({unit}), named groups {share} of exports to the US").format(
            year=exp.weights.year, unit=charts.unit_label(exp.weights.unit), share=f"{exp.weights.named_share:.0%}"
        )
        if exp is not None
        else _("no base year in the data")
    )
    points = (
        _(
            "**Static, pre-substitution.** Each group's exports are held at the "
            "base-year value ({base}); nobody switches supplier, cuts volume or cuts price. "
            "The duty actually collected differs: trade shifted as the rates rose."
        ).format(base=base),
        _(
            "**Rate per group.** The US measures in force on the day (effective ≤ day < ended). A Section "
            "232 product measure replaces the IEEPA reciprocal tariff and Section 122 for its goods; "
            "an exemption (the {zero} Annex II row for pharmaceuticals) replaces only the reciprocal "
            "tariff; groups without a product row take the general rate. *Floor* and *all-in* rates count "
            "only above the group's MFN rate (the {floor} floor on autos with MFN {mfn} adds 12.5 points); "
            "*additional* rates count in full. The rules are written once, in `tightrope/exposure.py`."
        ).format(zero="0%", floor="15%", mfn="2.5%"),
        _(
            "**Not modelled:** quotas, exclusions below the group level, de minimis, duty refunds, drawback, "
            "and the Section 301 duties on China (China's rate above is its general rate only, never an effective "
            "one). Groups the measures name but without a weight of their own (trucks, buses, copper, aluminum, "
            "lumber, furniture, semiconductors) are inside other goods or electronics at those groups' rates."
        ),
        _(
            "**MFN** is one rate per group (see data/README.md for HS codes and "
            "where each rate comes from), so lines inside a group are averaged."
        ),
    )
    st.markdown("\n".join(f"- {p}" for p in points))
