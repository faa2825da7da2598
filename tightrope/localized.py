"""The curated free text in the interface language, and how much of it is translated.

Each free-text column a viewer reads has a Japanese counterpart column named ``<column>_ja``
(``summary_ja``, ``paraphrase_ja``, ``title_ja`` ...; see ``data/README.md``), written by the team.
In Japanese, a row shows its ``_ja`` text; where that is empty, the English text followed by
:data:`MISSING_MARK`, so a viewer knows the line is not translated yet. In English the ``_ja``
columns are not used.
"""

from __future__ import annotations

import pandas as pd

from tightrope import i18n

#: Appended to English text shown in Japanese mode because the row has no translation yet.
MISSING_MARK = "〔英語〕"

#: table -> the free-text columns that have a Japanese counterpart
TRANSLATED: dict[str, tuple[str, ...]] = {
    "countries": ("name", "capital"),
    "diplomatic_contacts": ("summary", "participants"),
    "statements": ("speaker", "role", "venue", "paraphrase"),
    "story": ("title", "caption"),
    "trade_measures": ("note",),
    "officeholders": ("person", "office"),
}
#: Counterparts not named ``<column>_ja``: officeholders' ``person`` and ``office``.
JA_NAMES = {"person": "name_ja", "office": "role_ja"}


def ja_name(column: str) -> str:
    """The Japanese counterpart column of ``column``."""
    return JA_NAMES.get(column, f"{column}_ja")


def text_of(row, column: str) -> tuple[str, str]:
    """``(text, mark)`` of one row's ``column`` in the current language: in Japanese the
    ``<column>_ja`` cell, or the English cell and :data:`MISSING_MARK` (with a space) when that is
    empty; in English the cell and ``""``. ``row``: a mapping or a pandas row."""
    english = "" if pd.isna(row.get(column, "")) else str(row.get(column, ""))
    if not i18n.is_ja():
        return english, ""
    ja = row.get(ja_name(column), "")
    ja = "" if ja is None or pd.isna(ja) else str(ja).strip()
    if ja:
        return ja, ""
    return english, (" " + MISSING_MARK) if english.strip() else ""


def column(frame: pd.DataFrame, name: str) -> pd.Series:
    """Column ``name`` of ``frame`` in the current language (see :func:`text_of`): a ``str``
    Series, same index. English: the column as it is."""
    english = frame[name].fillna("").astype(str)
    if not i18n.is_ja() or ja_name(name) not in frame:
        return english
    ja = frame[ja_name(name)].fillna("").astype(str).str.strip()
    marked = english.where(english.str.strip() == "", english + " " + MISSING_MARK)
    return ja.where(ja != "", marked)


def localize(frame: pd.DataFrame, names: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """``frame`` with each of ``names`` (that it has) in the current language and the ``_ja``
    columns dropped."""
    out = frame.copy()
    for name in names:
        if name in out:
            out[name] = column(out, name)
    return out.drop(columns=[c for c in out.columns if str(c).endswith("_ja")])


def missing_counts(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows still missing a Japanese translation, per table and column: columns ``table``,
    ``column``, ``rows`` (rows with English text), ``missing`` (of those, rows whose ``_ja`` is
    empty). Tables or columns absent from ``tables`` are skipped."""
    out = []
    for table, cols in TRANSLATED.items():
        frame = tables.get(table)
        if frame is None:
            continue
        for col in cols:
            if col not in frame:
                continue
            english = frame[col].fillna("").astype(str).str.strip() != ""
            ja_col = ja_name(col)
            ja = (
                frame[ja_col].fillna("").astype(str).str.strip() != ""
                if ja_col in frame
                else pd.Series(False, index=frame.index)
            )
            out.append(
                {"table": table, "column": col, "rows": int(english.sum()), "missing": int((english & ~ja).sum())}
            )
    return pd.DataFrame(out, columns=["table", "column", "rows", "missing"])


#: Columns whose values the project names (slugs of the data contract), shown through
#: :func:`tightrope.i18n.label`; ``topics`` holds ``;``-separated slugs.
VALUE_COLUMNS = ("channel", "status", "product", "measure_type", "rate_basis", "kind", "flow")


def localize_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` ready to show in the current language: free text from the Japanese columns (with
    :data:`MISSING_MARK` where missing), named values (channels, statuses, products, topics, bases,
    legal bases) translated, ``_ja`` columns dropped. English: the frame without ``_ja`` columns."""
    free = {c for cols in TRANSLATED.values() for c in cols}
    out = localize(frame, [c for c in frame.columns if c in free])
    if not i18n.is_ja():
        return out
    for col in VALUE_COLUMNS:
        if col in out and (out[col].dtype == object or pd.api.types.is_string_dtype(out[col])):
            out[col] = out[col].map(lambda v: i18n.label(v) if isinstance(v, str) else v)
    if "topics" in out:
        out["topics"] = out["topics"].map(
            lambda v: "、".join(i18n.label(t.strip()) for t in v.split(";") if t.strip()) if isinstance(v, str) else v
        )
    if "legal_basis" in out:
        out["legal_basis"] = out["legal_basis"].map(lambda v: i18n.legal_basis(v) if isinstance(v, str) else v)
    return out
