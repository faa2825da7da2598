"""tightrope.access: who may edit (editors list with login, or local mode on a localhost server)."""

from __future__ import annotations

import pytest

from tightrope import access

SECRETS = {
    "tightrope": {"editors": ["Alice@Example.org", "bob@example.org"]},
    "auth": {"redirect_uri": "http://x/oauth2callback", "cookie_secret": "s"},
}
ALICE = {"is_logged_in": True, "email": "alice@example.org"}


def allowed(secrets=SECRETS, env=None, address=None, user=ALICE) -> bool:
    return access.can_edit(access.settings_from(secrets, env or {}, address), user)


def test_editor_on_the_list_may_edit_case_insensitively():
    assert allowed()
    assert allowed(user={"is_logged_in": True, "email": " ALICE@example.org "})


@pytest.mark.parametrize(
    "user",
    [
        None,
        {},
        {"email": "alice@example.org"},  # st.user without login (AppTest's and a bare server's default)
        {"is_logged_in": False, "email": "alice@example.org"},
        {"is_logged_in": "true", "email": "alice@example.org"},  # only a real True counts
        {"is_logged_in": True, "email": "mallory@example.org"},
        {"is_logged_in": True},
        {"is_logged_in": True, "email": ["alice@example.org"]},
        {"is_logged_in": True, "email": "alice@example.org", "email_verified": False},
    ],
)
def test_everyone_else_only_views(user):
    assert not allowed(user=user)


def test_nothing_configured_means_read_only():
    assert not allowed(secrets={})
    assert not access.settings_from({}, {}, None).enabled


def test_editors_without_login_configured_cannot_edit():
    s = access.settings_from({"tightrope": {"editors": ["alice@example.org"]}}, {}, None)
    assert not access.can_edit(s, ALICE)
    assert any("[auth]" in n for n in s.notes)


def test_malformed_editor_list_is_ignored_with_a_note():
    s = access.settings_from({"tightrope": {"editors": 42}, "auth": {}}, {}, None)
    assert not s.editors and s.notes
    s = access.settings_from(
        {"tightrope": {"editors": ["alice@example.org", 7, "not-an-address"]}, "auth": {}}, {}, None
    )
    assert s.editors == frozenset({"alice@example.org"})
    assert access.settings_from(
        {"tightrope": {"editors": "alice@example.org"}, "auth": {}}, {}, None
    ).editors == frozenset({"alice@example.org"})


@pytest.mark.parametrize("address", ["localhost", "127.0.0.1", "::1", "[::1]", "LOCALHOST"])
def test_local_mode_needs_a_localhost_only_server(address):
    assert allowed(secrets={}, env={"TIGHTROPE_EDIT": "local"}, address=address, user={})


@pytest.mark.parametrize("address", [None, "", "0.0.0.0", "192.168.1.5", "example.org", "::"])
def test_local_mode_is_ignored_on_a_reachable_server(address):
    s = access.settings_from({}, {"TIGHTROPE_EDIT": "local"}, address)
    assert not access.can_edit(s, {})
    assert any("localhost" in n for n in s.notes)


def test_other_values_of_the_env_var_do_nothing():
    assert not allowed(secrets={}, env={"TIGHTROPE_EDIT": "1"}, address="localhost", user={})
