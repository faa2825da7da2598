"""AppTest of the Data page's editing: the editor shows only for allowed users, a save writes the
file (with a backup) and the dashboard shows it on the next run, the save path checks permission
again, a change made on disk meanwhile blocks the save, and live reload re-parses only what
changed."""

from __future__ import annotations

import os

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tightrope import editing, store
from tightrope.schema import TABLES

APP = str(ROOT / "app.py")
EDITORS = {
    "tightrope": {"editors": ["alice@example.org"]},
    "auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-only"},
}
ALICE = {"is_logged_in": True, "email": "alice@example.org", "name": "Alice"}


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    monkeypatch.delenv("TIGHTROPE_EDIT", raising=False)


def data_page(folder, monkeypatch, secrets=None, user=None, table: str | None = None) -> AppTest:
    monkeypatch.setenv("TIGHTROPE_DATA_DIR", str(folder))
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in (secrets or {}).items():
        at.secrets[k] = v
    if user is not None:
        at.user = user
    at.run()
    at.switch_page("pages/data.py")
    at.run()
    if table:
        at.selectbox(key="data-table").set_value(table).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def seed(at: AppTest, edits: dict) -> str:
    """Give the page's editor an edit state, as the browser would send it; returns its key."""
    [ed] = at.data_editor
    at.session_state[ed.key] = {"edited_rows": edits, "added_rows": [], "deleted_rows": []}
    at.run()
    return ed.key


def captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def test_viewers_get_no_editor(mini_copy, monkeypatch):
    at = data_page(mini_copy, monkeypatch)
    assert not at.data_editor
    assert not [b for b in at.button if (b.key or "").startswith("save-")]
    assert "Editing in the browser is off" in captions(at)
    assert len(at.dataframe) >= 2  # problems or counts, and the browse table still show


def test_logged_out_user_is_offered_login_only(mini_copy, monkeypatch):
    at = data_page(mini_copy, monkeypatch, EDITORS, {"is_logged_in": False})
    assert not at.data_editor
    assert at.button(key="edit-login").label == "Log in to edit"


def test_logged_in_user_not_on_the_list_is_read_only(mini_copy, monkeypatch):
    at = data_page(mini_copy, monkeypatch, EDITORS, {"is_logged_in": True, "email": "mallory@example.org"})
    assert not at.data_editor
    assert "not on this server's editors list" in captions(at)


def test_default_apptest_user_without_login_cannot_edit(mini_copy, monkeypatch):
    at = data_page(mini_copy, monkeypatch, EDITORS)  # AppTest's default user: an e-mail, no login
    assert not at.data_editor


def test_local_mode_only_on_a_localhost_server(mini_copy, monkeypatch):
    monkeypatch.setenv("TIGHTROPE_EDIT", "local")
    before = config.get_option("server.address")
    try:
        config.set_option("server.address", "0.0.0.0")
        assert not data_page(mini_copy, monkeypatch).data_editor
        config.set_option("server.address", "localhost")
        assert len(data_page(mini_copy, monkeypatch).data_editor) == 1
    finally:
        config.set_option("server.address", before)


def test_editor_sees_every_raw_row_and_a_save_writes_the_file(mini_copy, monkeypatch):
    p = mini_copy / "statements.csv"
    p.write_text(p.read_text() + "fx-s2,02/05/2025,Speaker F,,JPN,,A bad date.,,fx-news\n")
    at = data_page(mini_copy, monkeypatch, EDITORS, ALICE, table="statements")
    [ed] = at.data_editor
    assert list(ed.value["statement_id"]) == ["fx-s1", "fx-s2"]  # the bad row is there to be fixed
    assert ed.value.loc[1, "date"] == "02/05/2025"
    key = seed(at, {1: {"date": "2025-05-02"}, 0: {"speaker": "Speaker Z"}})
    assert any(s.value == "statements.csv as edited has no problems." for s in at.success)
    save = at.button(key="save-statements")
    assert not save.disabled
    save.click().run()
    assert not at.exception
    text = p.read_text()
    assert "fx-s1,2025-05-02,Speaker Z," in text and "fx-s2,2025-05-02,Speaker F," in text
    [backup] = editing.backups_of(mini_copy, "statements")
    assert "02/05/2025" in backup.read_text()
    assert any("Saved statements" in s.value for s in at.success)
    # the dashboard reloaded: the fixed row is shown, the data banner is gone
    assert not at.warning
    browse = next(df.value for df in at.dataframe if "speaker" in df.value.columns and not df.value.empty)
    assert list(browse["speaker"]) == ["Speaker Z", "Speaker F"]
    # the editor starts afresh from the saved file
    assert at.data_editor[0].key != key
    assert list(at.data_editor[0].value["speaker"]) == ["Speaker Z", "Speaker F"]


def test_errors_block_the_save_until_confirmed(mini_copy, monkeypatch):
    at = data_page(mini_copy, monkeypatch, EDITORS, ALICE, table="statements")
    before = (mini_copy / "statements.csv").read_text()
    seed(at, {0: {"date": "05/02/2025"}})
    problems = next(
        df.value for df in at.dataframe if "what is wrong" in df.value.columns or "message" in df.value.columns
    )
    assert (mini_copy / "statements.csv").read_text() == before
    assert "05/02/2025" in set(problems["value"])
    assert any(m.value.startswith("**Errors — 1**") for m in at.markdown)
    assert not any("as edited has no problems" in s.value for s in at.success)
    at.button(key="save-statements").click().run()  # refused: the row has an error and the box is not ticked
    assert (mini_copy / "statements.csv").read_text() == before
    assert any("Not saved" in e.value and "remain" in e.value for e in at.error)
    at.checkbox(key="confirm-statements").check().run()
    at.button(key="save-statements").click().run()
    assert "05/02/2025" in (mini_copy / "statements.csv").read_text()


def test_the_save_path_checks_permission_again(mini_copy, monkeypatch):
    at = data_page(mini_copy, monkeypatch, EDITORS, ALICE, table="statements")
    before = (mini_copy / "statements.csv").read_bytes()
    seed(at, {0: {"speaker": "Speaker Z"}})
    at.user = {"is_logged_in": True, "email": "mallory@example.org"}  # e.g. removed from the list, or a forged click
    at.button(key="save-statements").click().run()
    assert (mini_copy / "statements.csv").read_bytes() == before
    assert any("not allowed" in e.value for e in at.error)
    assert not at.data_editor


def test_a_change_on_disk_meanwhile_blocks_the_save_and_shows_what_changed(mini_copy, monkeypatch):
    at = data_page(mini_copy, monkeypatch, EDITORS, ALICE, table="trade_measures")
    seed(at, {1: {"rate_pct": "25"}})
    # Bob saves the same table in his own session
    bob = editing.load(mini_copy, "trade_measures")
    frame = bob.frame.copy()
    frame.loc[0, "note"] = "checked by Bob"
    editing.save(mini_copy, "trade_measures", frame, bob.sha256)
    at.run()
    assert any("changed on disk since you opened it" in w.value for w in at.warning)
    assert at.button(key="save-trade_measures").disabled
    diff = next(
        df.value for df in at.dataframe if "change" in df.value.columns and "checked by Bob" in set(df.value["after"])
    )
    assert diff.iloc[0]["key"] == "fx-baseline"
    # Alice's edit is still in her editor; Bob's is still on disk
    assert at.session_state["_editors"]["trade_measures"].work.loc[1, "rate_pct"] == "25"
    assert editing.load(mini_copy, "trade_measures").frame.loc[0, "note"] == "checked by Bob"
    # discarding loads Bob's version
    at.button(key="discard-trade_measures").click().run()
    assert at.data_editor[0].value.loc[0, "note"] == "checked by Bob"


def test_an_editor_without_edits_follows_changes_on_disk(mini_copy, monkeypatch):
    at = data_page(mini_copy, monkeypatch, EDITORS, ALICE, table="statements")
    p = mini_copy / "statements.csv"
    p.write_text(p.read_text().replace("Speaker E", "Speaker Q"))
    at.run()
    assert at.data_editor[0].value.loc[0, "speaker"] == "Speaker Q"
    assert any("changed on disk" in i.value for i in at.info)


def test_edits_survive_switching_tables(mini_copy, monkeypatch):
    at = data_page(mini_copy, monkeypatch, EDITORS, ALICE, table="statements")
    seed(at, {0: {"speaker": "Speaker Z"}})
    at.selectbox(key="data-table").set_value("sources").run()
    assert "Unsaved changes in: statements" in captions(at)
    at.selectbox(key="data-table").set_value("statements").run()
    assert at.data_editor[0].value.loc[0, "speaker"] == "Speaker Z"
    assert not at.button(key="save-statements").disabled


def test_every_table_has_a_download(mini_copy, monkeypatch):
    at = data_page(mini_copy, monkeypatch)
    keys = {el.key for el in at.get("download_button")}
    for name in TABLES:
        assert f"dl-all-{name}" in keys
    assert {"dl-browse-all-sources", "dl-browse-shown-sources"} <= keys


def test_live_reload_shows_a_saved_csv_and_reparses_only_that_file(mini_copy, monkeypatch):
    at = data_page(mini_copy, monkeypatch)
    counts = next(df.value for df in at.dataframe if "rows shown" in df.value.columns).set_index("table")
    assert counts.loc["statements.csv", "rows shown"] == 1
    parsed = dict(store.PARSE_COUNT)
    p = mini_copy / "statements.csv"
    p.write_text(p.read_text() + "fx-s2,2025-05-03,Speaker F,,JPN,,Another view.,,fx-news\n")
    st_ = p.stat()
    os.utime(p, ns=(st_.st_atime_ns, st_.st_mtime_ns + 1_000_000_000))
    at.run()
    counts = next(df.value for df in at.dataframe if "rows shown" in df.value.columns).set_index("table")
    assert counts.loc["statements.csv", "rows shown"] == 2
    for name in TABLES:
        key = str((mini_copy / f"{name}.csv").resolve())
        assert store.PARSE_COUNT.get(key, 0) == parsed.get(key, 0) + (name == "statements"), name
