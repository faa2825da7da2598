"""Opening the app in Streamlit's ``AppTest`` as a viewer arriving at a URL would: ``app.py`` runs
on a data folder with the URL's query parameters, then switches to the page asked for (a script
path of :data:`tightrope.registry.PAGES`). Used by the page AppTests (the story, editing and
shared-cache tests open the app their own way: with a monkeypatched folder, secrets and a user, or
one session driven by hand); the data folder is the bundled one again at each test's start
(``tests/app/conftest.py``)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tightrope import registry

APP = str(ROOT / "app.py")


def open_app(data_dir: str | Path, query: dict | None = None) -> AppTest:
    """Run ``app.py`` once on ``data_dir`` with ``query`` as the URL's parameters (the page the URL
    names, or the default page)."""
    os.environ["TIGHTROPE_DATA_DIR"] = str(data_dir)
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return at.run()


def open_page(page: str, data_dir: str | Path, query: dict | None = None) -> AppTest:
    """:func:`open_app`, then a switch to ``page`` (script path, e.g. ``"pages/tariffs.py"``) unless
    it is the default page."""
    at = open_app(data_dir, query)
    if page != registry.DEFAULT.path:
        at.switch_page(page)
        at.run()
    return at


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    """The first dataframe on the page that has ``column`` (AppTest does not expose keys)."""
    return next(df.value for df in at.dataframe if column in df.value.columns)
