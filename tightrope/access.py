"""Who may edit the curated tables in the app, decided from settings the deployer controls.

A logged-in user whose e-mail is in ``[tightrope] editors`` of ``.streamlit/secrets.toml`` (and an
``[auth]`` section so users can log in), or ``TIGHTROPE_EDIT=local`` on a server that listens on
localhost only. Everyone else only views. Pure functions over plain mappings: the page passes
``st.secrets``, ``os.environ``, ``server.address`` and ``st.user`` in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

#: The value of ``TIGHTROPE_EDIT`` that enables editing without login on a localhost server.
LOCAL_MODE = "local"

#: Server addresses that only the machine itself can reach (``--server.address``).
LOCAL_ADDRESSES = frozenset({"localhost", "127.0.0.1", "::1"})


@dataclass(frozen=True)
class EditSettings:
    """The deployer's editing configuration.

    ``editors``: lower-cased e-mail addresses allowed to edit (``[tightrope] editors``);
    ``auth``: an ``[auth]`` section is configured, so users can log in; ``local``:
    ``TIGHTROPE_EDIT=local`` is set; ``server_address``: Streamlit's ``server.address``;
    ``notes``: configuration mistakes worth telling the deployer (never secrets).
    """

    editors: frozenset[str] = frozenset()
    auth: bool = False
    local: bool = False
    server_address: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def local_allowed(self) -> bool:
        """``TIGHTROPE_EDIT=local`` and the server listens on localhost only."""
        address = (self.server_address or "").strip().strip("[]").lower()
        return self.local and address in LOCAL_ADDRESSES

    @property
    def enabled(self) -> bool:
        """Whether anyone at all can edit with this configuration."""
        return self.local_allowed or (self.auth and bool(self.editors))


def settings_from(secrets: Mapping, environ: Mapping[str, str], server_address: str | None) -> EditSettings:
    """Build :class:`EditSettings` from the secrets (a nested mapping, e.g. ``st.secrets.to_dict()``),
    the environment and Streamlit's ``server.address``. Never raises: a malformed setting counts
    as no setting and is described in ``notes``."""
    notes: list[str] = []
    section = secrets.get("tightrope", {}) if isinstance(secrets, Mapping) else {}
    raw = section.get("editors", []) if isinstance(section, Mapping) else []
    if isinstance(raw, str):
        raw = [raw]
    editors: set[str] = set()
    if not isinstance(raw, (list, tuple)):
        notes.append("[tightrope] editors must be a list of e-mail addresses; editing stays off")
    else:
        for item in raw:
            if isinstance(item, str) and "@" in item:
                editors.add(item.strip().lower())
            else:
                notes.append("[tightrope] editors holds an entry that is not an e-mail address; it is ignored")
    auth = isinstance(secrets, Mapping) and isinstance(secrets.get("auth"), Mapping)
    if editors and not auth:
        notes.append("[tightrope] editors is set but no [auth] section is configured, so nobody can log in")
    local = environ.get("TIGHTROPE_EDIT", "").strip().lower() == LOCAL_MODE
    settings = EditSettings(frozenset(editors), auth, local, server_address, ())
    if local and not settings.local_allowed:
        notes.append(
            "TIGHTROPE_EDIT=local is ignored because the server does not listen "
            "on localhost only (start it with --server.address localhost)"
        )
    return EditSettings(frozenset(editors), auth, local, server_address, tuple(notes))


def can_edit(settings: EditSettings, user: Mapping | None) -> bool:
    """True if ``user`` (``st.user.to_dict()``) may edit under ``settings``.

    Either local mode on a localhost-only server, or a logged-in user (``is_logged_in`` is
    ``True``) whose e-mail is in the editors list (compared case-insensitively) and not marked
    unverified by the identity provider (``email_verified`` false). Anything else is refused.
    """
    if settings.local_allowed:
        return True
    if not settings.auth or not settings.editors or not isinstance(user, Mapping):
        return False
    if user.get("is_logged_in") is not True or user.get("email_verified") is False:
        return False
    email = user.get("email")
    return isinstance(email, str) and email.strip().lower() in settings.editors
