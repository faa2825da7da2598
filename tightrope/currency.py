"""Yen and US dollars: the sourced annual-average exchange rate of ``exchange_rates.csv`` and the
conversion of amounts in a weighting's unit (``JPY_bn`` or ``USD_bn``) into both currencies.

Rule: an amount is converted only with the rate of its own base year; when the data holds no
rate for that year, there is no converted figure (``None``), and views say so. No rate is ever
assumed, carried over from another year or invented.

Units: amounts are billions (``JPY_bn``: billion yen, ``USD_bn``: billion US dollars);
``jpy_per_usd`` is yen per one US dollar (e.g. ``150.97``). No Streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tightrope import i18n

JPY_BN, USD_BN = "JPY_bn", "USD_bn"


@dataclass(frozen=True)
class YenRate:
    """One row of ``exchange_rates.csv``: the annual-average yen per US dollar of ``year``, its
    ``source_id`` and ``note``."""

    year: int
    jpy_per_usd: float
    source_id: str
    note: str = ""


def rate_for(rates: pd.DataFrame, year: int) -> YenRate | None:
    """The rate of calendar ``year`` in the typed ``exchange_rates`` table (columns ``year``
    Int64, ``jpy_per_usd`` float, ``source_id``, ``note``), or ``None`` when the table has no
    valid row for that year (invalid rows were already left out when the data loaded)."""
    if rates is None or rates.empty:
        return None
    rows = rates[(rates["year"] == int(year)) & rates["jpy_per_usd"].notna()]
    if rows.empty:
        return None
    r = rows.iloc[0]
    note = r["note"] if "note" in rows.columns else ""
    return YenRate(int(r["year"]), float(r["jpy_per_usd"]), str(r["source_id"]), str(note or ""))


def of_dataset(ds, year: int) -> YenRate | None:
    """:func:`rate_for` of a loaded :class:`tightrope.store.Dataset`, looked up once per dataset."""
    return ds.memo(f"yen_rate:{int(year)}", lambda: rate_for(ds["exchange_rates"], year))


def to_jpy_bn(value, unit: str, rate: YenRate | None):
    """``value`` (a number or a pandas Series) in ``unit`` as billion yen; ``None`` when it
    is in dollars and there is no ``rate``. Raises ``ValueError`` for an unknown unit."""
    if unit == JPY_BN:
        return value
    if unit == USD_BN:
        return None if rate is None else value * rate.jpy_per_usd
    raise ValueError(f"unknown unit {unit!r}; expected {JPY_BN} or {USD_BN}")


def to_usd_bn(value, unit: str, rate: YenRate | None):
    """``value`` in ``unit`` as billion US dollars; ``None`` when it is in yen and there is no
    ``rate``. Raises ``ValueError`` for an unknown unit."""
    if unit == USD_BN:
        return value
    if unit == JPY_BN:
        return None if rate is None else value / rate.jpy_per_usd
    raise ValueError(f"unknown unit {unit!r}; expected {JPY_BN} or {USD_BN}")


def to_unit(value, unit: str, target: str, rate: YenRate | None):
    """``value`` in ``unit`` as ``target`` (``USD_BN`` or ``JPY_BN``): :func:`to_usd_bn` or
    :func:`to_jpy_bn`; ``None`` when that needs a rate and there is none. Raises ``ValueError`` for
    an unknown unit or target."""
    if target == USD_BN:
        return to_usd_bn(value, unit, rate)
    if target == JPY_BN:
        return to_jpy_bn(value, unit, rate)
    raise ValueError(f"unknown target unit {target!r}; expected {JPY_BN} or {USD_BN}")


def with_both(frame: pd.DataFrame, columns: list[str], unit: str, rate: YenRate | None) -> pd.DataFrame:
    """A copy of ``frame`` in which each amount column ``c`` (in ``unit``) is replaced, at its
    place, by ``c + "_usd_bn"`` and ``c + "_jpy_bn"``; a currency that cannot be had without a
    rate is left out (never filled with a guess), so the column names always say the unit."""
    built: dict[str, object] = {}
    for name in frame.columns:
        if name not in columns:
            built[name] = frame[name]
            continue
        for suffix, values in (
            ("_usd_bn", to_usd_bn(frame[name], unit, rate)),
            ("_jpy_bn", to_jpy_bn(frame[name], unit, rate)),
        ):
            if values is not None:
                built[name + suffix] = values
    return pd.DataFrame(built, index=frame.index)


def labels(value: float, unit: str, rate: YenRate | None, *, sign: bool = False) -> tuple[str | None, str | None]:
    """``(dollars, yen)``: ``value`` (in ``unit``) written in both currencies in the current
    language (:func:`tightrope.i18n.usd_bn`, :func:`tightrope.i18n.yen_bn`: ``$28.4 billion`` and
    ``¥4.3 trillion``, or ``284億ドル`` and ``4.3兆円``), with its sign when ``sign``; ``None`` for
    the currency that needs a rate the data does not hold."""

    def fmt(amount, writer):
        if amount is None:
            return None
        text = writer(abs(amount) if sign else amount)
        return i18n.signed(text, amount) if sign else text

    return fmt(to_usd_bn(value, unit, rate), i18n.usd_bn), fmt(to_jpy_bn(value, unit, rate), i18n.yen_bn)
