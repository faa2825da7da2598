"""AppTest of every page in Japanese (``lang=ja``): no exception or error box, Japanese titles,
navigation labels and KPI labels, the language kept across page switches and the story, and a
malformed ``lang`` falling back to English with a notice."""

from __future__ import annotations

import json
import re

import pytest
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from tests.conftest import DATA, MINI, ROOT
from tests.support.apptest import open_page
from tightrope import i18n, localized, registry, schema


@pytest.fixture(autouse=True)
def _restore():
    yield
    i18n.set_language("en")


def has_japanese(text: str) -> bool:
    return any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize("data_dir", [MINI, DATA], ids=["fixture", "bundled"])
@pytest.mark.parametrize("page", [p.path for p in registry.PAGES])
def test_page_renders_in_japanese(page, data_dir):
    at = open_page(page, data_dir, {"lang": "ja"})
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert has_japanese(at.title[0].value), at.title[0].value
    assert at.session_state["lang"] == "ja"
    for sub in at.subheader:
        assert has_japanese(sub.value), sub.value
    for m in at.metric:
        assert has_japanese(m.label), m.label


def test_overview_kpis_in_japanese():
    at = open_page("pages/overview.py", MINI, {"lang": "ja", "asof": "2025-05-01"})
    values = {m.label: m.value for m in at.metric}
    assert values["日本車への米国の関税"] == "25%"
    assert values["その他の品目への米国の関税"] == "10%"
    assert "2025年5月1日時点" in at.caption[0].value


def test_lang_survives_page_switches_and_is_in_the_url():
    at = open_page("pages/overview.py", MINI, {"lang": "ja"})
    at.switch_page("pages/tariffs.py").run()
    assert at.title[0].value == "関税"
    assert at.query_params["lang"] in ("ja", ["ja"])
    at.switch_page("pages/diplomacy.py").run()
    assert at.title[0].value == "外交"


def test_the_sidebar_switch_changes_the_language():
    at = open_page("pages/overview.py", MINI, {})
    assert at.title[0].value == "Japan between the United States and China"
    at.radio(key="lang").set_value("ja").run()
    assert at.title[0].value == "米中のはざまの日本"
    assert at.query_params["lang"] in ("ja", ["ja"])
    at.radio(key="lang").set_value("en").run()
    assert at.title[0].value == "Japan between the United States and China"


def test_lang_survives_the_story_and_presentation_has_its_own_switch():
    at = open_page("pages/overview.py", DATA, {"lang": "ja", "present": "1", "step": "1"})
    assert not at.exception
    bar = " ".join(m.value for m in at.markdown)
    assert "ステップ 1/" in bar
    at.button(key="story-next").click().run()
    assert at.session_state["lang"] == "ja"
    assert "ステップ 2/" in " ".join(m.value for m in at.markdown)
    at.button(key="story-lang").click().run()
    assert at.session_state["lang"] == "en"
    assert "Step 2 of" in " ".join(m.value for m in at.markdown)


def test_malformed_lang_falls_back_to_english_with_a_notice():
    at = open_page("pages/overview.py", MINI, {"lang": "klingon"})
    assert not at.exception
    assert at.title[0].value == "Japan between the United States and China"
    assert any("lang" in t.value and "klingon" in t.value for t in at.toast)


def test_data_page_counts_missing_translations():
    at = open_page("pages/data.py", DATA, {"lang": "ja"})
    frames = [df.value for df in at.dataframe if "missing" in df.value.columns]
    assert frames and (frames[0]["missing"] >= 0).all()


#: Header words that read the same in a Japanese table (codes and abbreviations).
SAME_IN_JAPANESE = re.compile(r"^[#\s]*$|^(ID|URL|MFN|HS|ASEAN|CSV|ISO3?)$")


def english_messages() -> list[str]:
    """The catalog's English messages of at least three words, placeholders cut out: one of
    them in a heading, caption or table header means a string fell back to English."""
    with (ROOT / "locale" / "ja" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f, locale="ja")
    out = set()
    for m in catalog:
        for text in m.id if isinstance(m.id, tuple) else (m.id,):
            for chunk in re.split(r"\{\w+\}", text.replace("*", "")):
                chunk = chunk.strip(" .,:;()—-")
                if len(chunk.split()) >= 3:
                    out.add(chunk)
    return sorted(out)


ENGLISH = english_messages()


def table_headers(at: AppTest) -> list[tuple[str, str]]:
    """``(table key, header)`` of every column every table shows: the configured label, else
    the column's own name (what Streamlit writes when a column has no label)."""
    out = []
    for df in at.dataframe:
        config = json.loads(df.proto.columns or "{}")
        for col in df.value.columns:
            label = (config.get(str(col)) or {}).get("label")
            hidden = (config.get(str(col)) or {}).get("hidden")
            if not hidden:
                out.append((df.proto.id, label or str(col)))
    return out


#: The Data page shows a CSV file as analysts edit it: its headers are the file's column names.
CSV_COLUMNS = {c.name for t in schema.TABLES.values() for c in t.columns} | {"row"}


@pytest.mark.parametrize("page", [p.path for p in registry.PAGES])
def test_no_fixed_string_of_a_page_regresses_to_english(page):
    """Every heading, every table header, the unit of every chart footer and every KPI delta is
    Japanese; no catalog message (three words or more) is left in English in headings,
    captions, KPI text or markdown (data text and source titles are not catalog messages)."""
    at = open_page(page, DATA, {"lang": "ja", "asof": "2025-10-01"})
    assert not at.exception, [e.value for e in at.exception]
    headings = [x.value for x in [*at.title, *at.header, *at.subheader]]
    assert all(has_japanese(h) for h in headings), headings
    english_headers = [
        (key, h)
        for key, h in table_headers(at)
        if not has_japanese(h) and not SAME_IN_JAPANESE.match(h) and not (page == "pages/data.py" and h in CSV_COLUMNS)
    ]
    assert english_headers == [], english_headers
    for c in at.caption:
        if c.value.startswith("**単位:**"):
            unit = c.value.split("· **時点:**")[0]
            assert has_japanese(unit.removeprefix("**単位:**")), unit
    for m in at.metric:
        assert m.delta is None or has_japanese(m.delta) or not re.search(r"[A-Za-z]{2,}", m.delta), m.delta
    captions = [c.value.split("**出典:**")[0] for c in at.caption]  # source titles stay as published
    texts = [*headings, *captions, *(m.value for m in at.markdown), *(x.value for x in at.info)]
    texts += [x for m in at.metric for x in (m.label, m.delta or "")]
    # curated English text without its Japanese yet is shown marked 〔英語〕: data, not a fixed string
    lines = [line for t in texts for line in t.replace("\\", "").splitlines() if localized.MISSING_MARK not in line]
    flat = "\n".join(lines)
    found = [e for e in ENGLISH if e in flat]
    assert found == [], found
