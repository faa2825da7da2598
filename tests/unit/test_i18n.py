"""The Japanese interface: the catalog is complete and current, formats read naturally, the
``lang`` URL parameter is validated, and curated text falls back to English with a marker."""

from __future__ import annotations

import io
import re
from datetime import date

import pandas as pd
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.conftest import ROOT
from tightrope import i18n, localized, urlstate
from tightrope.store import load_dataset

PO = ROOT / "locale" / "ja" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "gettext": None, "N_": None, "ngettext": (1, 2)}


def catalog():
    with PO.open("rb") as f:
        return read_po(f, locale="ja")


def source_messages() -> set:
    """Every message the code marks, extracted as ``make i18n`` does (babel.cfg)."""
    method_map = [
        ("app.py", "python"),
        ("pages/**.py", "python"),
        ("components/**.py", "python"),
        ("tightrope/**.py", "python"),
    ]
    out = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT, method_map, keywords=KEYWORDS, options_map={}
    ):
        out.add(message if isinstance(message, str) else tuple(message)[0])
    return out


@pytest.fixture(autouse=True)
def _english_after(request):
    yield
    i18n.set_language("en")


def test_every_message_in_the_code_is_in_the_catalog_and_none_is_stale():
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog() if m.id}
    code = source_messages()
    assert sorted(code - ids) == [], "run make i18n and translate the new messages"
    assert sorted(ids - code) == [], "the catalog has messages the code no longer uses: run make i18n"


def test_every_message_is_translated_and_none_is_fuzzy():
    untranslated, fuzzy = [], []
    for m in catalog():
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if not all(s and s.strip() for s in strings):
            untranslated.append(m.id)
        if m.fuzzy:
            fuzzy.append(m.id)
    assert untranslated == []
    assert fuzzy == []


def test_translations_keep_the_placeholders():
    for m in catalog():
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        wanted = set(re.findall(r"\{\w+\}", ids[-1]))
        for s in strings:
            assert set(re.findall(r"\{\w+\}", s)) == wanted, m.id


def test_the_compiled_catalog_matches_the_po():
    def key(m):
        return tuple(m.id) if isinstance(m.id, (list, tuple)) else m.id

    def text(m):
        return tuple(m.string) if isinstance(m.string, (list, tuple)) else m.string

    with MO.open("rb") as f:
        compiled = {key(m): text(m) for m in read_mo(f) if m.id}
    source = {key(m): text(m) for m in catalog() if m.id}
    assert compiled == source, "run make i18n (pybabel compile) and commit the .mo"


def test_gettext_follows_the_current_language():
    i18n.set_language("ja")
    assert i18n.gettext("Tariffs") == "関税"
    assert i18n.label("leader_call") == "首脳電話会談"
    assert i18n.legal_basis("Section 232") == "通商拡大法232条"
    assert i18n.legal_basis("A basis nobody translated") == "A basis nobody translated"
    i18n.set_language("en")
    assert i18n.gettext("Tariffs") == "Tariffs"
    assert i18n.label("leader_call") == "leader call"
    i18n.set_language("xx")  # anything else is English
    assert i18n.language() == "en"


def test_formats_read_naturally_in_japanese():
    i18n.set_language("ja")
    assert i18n.day(date(2025, 4, 9)) == "2025年4月9日"
    assert i18n.day(pd.Timestamp("2025-12-31")) == "2025年12月31日"
    assert i18n.month(date(2025, 4, 9)) == "2025年4月"
    assert i18n.yen_bn(21276.3) == "21.3兆円"
    assert i18n.yen_bn(830) == "8,300億円"
    assert i18n.plotly_day() == "%Y年%-m月%-d日"
    i18n.set_language("en")
    assert i18n.day(date(2025, 4, 9)) == "2025-04-09"
    assert i18n.month(date(2025, 4, 9)) == "Apr 2025"
    assert i18n.yen_bn(21276.3) == "¥21.3 trillion"


@pytest.mark.parametrize(
    ("locale", "lang"), [("ja-JP", "ja"), ("ja", "ja"), ("en-US", "en"), ("zh-CN", "en"), (None, "en"), ("", "en")]
)
def test_browser_locale_decides_the_default(locale, lang):
    assert i18n.from_locale(locale) == lang


@pytest.mark.parametrize(
    ("params", "lang", "notice"),
    [({}, "en", False), ({"lang": "ja"}, "ja", False), ({"lang": "JA"}, "ja", False), ({"lang": "fr"}, "en", True)],
)
def test_lang_url_parameter(params, lang, notice):
    got, why = urlstate.parse_lang(params, "en")
    assert got == lang
    assert bool(why) is notice
    if why:
        assert "lang" in why and "fr" in why


def test_malformed_lang_falls_back_with_a_notice_and_links_carry_the_language():
    default = urlstate.ViewState(as_of=date(2025, 5, 1), window_start=date(2025, 1, 1), window_end=date(2025, 5, 1))
    kw = dict(
        default=default, min_date=date(2023, 1, 1), max_date=date(2026, 1, 1), countries=[], channels=[], topics=[]
    )
    state = urlstate.parse({"lang": "<script>"}, **kw)
    assert state.lang == "en" and any("lang" in n for n in state.notices)
    state = urlstate.parse({"lang": "ja"}, **kw)
    assert state.lang == "ja" and not state.notices
    assert urlstate.to_params(state, default)["lang"] == "ja"


def test_urlstate_documents_lang():
    assert "``lang``" in urlstate.__doc__


def test_curated_text_in_japanese_with_a_marker_where_missing():
    frame = pd.DataFrame({"summary": ["Met in Tokyo.", "Called."], "summary_ja": ["東京で会談。", ""]})
    i18n.set_language("ja")
    assert localized.column(frame, "summary").tolist() == ["東京で会談。", "Called. " + localized.MISSING_MARK]
    assert localized.text_of({"title": "T", "title_ja": ""}, "title") == ("T", " " + localized.MISSING_MARK)
    shown = localized.localize_frame(frame.assign(channel=["leader_call", "letter"], topics=["tariffs; security", ""]))
    assert "summary_ja" not in shown
    assert shown["channel"].tolist() == ["首脳電話会談", "親書"]
    assert shown["topics"].tolist()[0] == "関税、安全保障"
    i18n.set_language("en")
    assert localized.column(frame, "summary").tolist() == ["Met in Tokyo.", "Called."]


def test_missing_translations_are_counted():
    ds = load_dataset(ROOT / "data")
    counts = localized.missing_counts(ds.tables).set_index(["table", "column"])
    assert counts.loc[("story", "title"), "missing"] == 0
    assert counts.loc[("diplomatic_contacts", "summary"), "rows"] == len(ds["diplomatic_contacts"])
    # every contact row either has its Japanese summary or is counted as missing one
    contacts = ds["diplomatic_contacts"]
    assert counts.loc[("diplomatic_contacts", "summary"), "missing"] == int((contacts["summary_ja"] == "").sum())


def test_validation_report_in_japanese(tmp_path, capsys):
    from tightrope.__main__ import main

    folder = tmp_path / "data"
    import shutil

    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", folder)
    shutil.copy(ROOT / "tests" / "fixtures" / "malformed" / "japanese_date" / "statements.csv", folder)
    assert main(["validate", "--lang", "ja", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "エラー statements.csv、2行目、列 date" in out
    assert "和文の日付表記" in out and "2025-05-02" in out
    assert "エラー 1件" in out


def test_no_catalog_line_is_left_in_english_by_accident():
    """A translation identical to its English message is allowed only for codes and names."""
    allowed = {"ASEAN", "URL"}
    same = [m.id for m in catalog() if m.id and isinstance(m.id, str) and m.string == m.id and m.id not in allowed]
    assert same == []


def test_po_file_parses_without_warnings():
    text = PO.read_text(encoding="utf-8")
    read_po(io.StringIO(text), locale="ja")  # raises on a broken entry
    assert "Plural-Forms: nplurals=1; plural=0;" in text


def test_yearly_yen_is_charted_in_trillion_yen_in_japanese():
    from components import charts

    flows = pd.DataFrame(
        {
            "flow": ["export"] * 2,
            "partner": ["USA"] * 2,
            "year": [2023, 2024],
            "value": [20264.0, 21295.5],
            "source_id": ["s", "s"],
        }
    )
    i18n.set_language("ja")
    try:
        fig = charts.trade_lines(flows, {"USA": "アメリカ合衆国"}, "export", "JPY_bn")
    finally:
        i18n.set_language("en")
    assert list(fig.data[0].y) == pytest.approx([20.264, 21.2955])
    assert fig.layout.yaxis.title.text == "兆円" and fig.layout.xaxis.ticksuffix == "年"
    assert "兆円" in fig.data[0].hovertemplate and ":,.1f}" in fig.data[0].hovertemplate
    english = charts.trade_lines(flows, {"USA": "United States"}, "export", "JPY_bn")
    assert list(english.data[0].y) == [20264.0, 21295.5] and english.layout.yaxis.title.text == "billion yen"


def test_exposure_steps_and_rates_are_named_in_japanese():
    from tightrope import exposure

    i18n.set_language("ja")
    try:
        ds = load_dataset(ROOT / "data")
        exp = exposure.of_dataset(ds, "JPN")
        series = exp.series(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-10-01"))
        steps = exposure.named_steps(series, ds["trade_measures"], "JPN", relevant=exp.measure_ids())
        table = exp.table(pd.Timestamp("2025-10-01"))
    finally:
        i18n.set_language("en")
    labels = " ".join(steps["label"])
    assert "発効：" in labels and "in force" not in labels and "exempt" not in labels
    assert not any("floor" in x or "none" == x for x in table["rate_in_force"]), list(table["rate_in_force"])
