"""The one list of the dashboard's pages: slug, title, icon and script path.

Navigation (``app.py``), the guided story (``story.csv``'s ``page`` column names a slug), URL
handling, tests, benchmarks and the screenshot script all read :data:`PAGES`; adding a page is one
line here plus its script in ``pages/``. The slug is the page's URL path (``/tariffs``); the
default page also answers at ``/``.
"""

from __future__ import annotations

from dataclasses import dataclass

from tightrope.i18n import N_


@dataclass(frozen=True)
class PageSpec:
    """One page: ``slug`` (URL path and story key), ``title`` (navigation label), ``icon``
    (Material icon name as Streamlit writes it), ``path`` (script, relative to the repository)."""

    slug: str
    title: str
    icon: str
    path: str
    default: bool = False


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", N_("Overview"), ":material/dashboard:", "pages/overview.py", default=True),
    PageSpec("tariffs", N_("Tariffs"), ":material/percent:", "pages/tariffs.py"),
    PageSpec("exposure", N_("Exposure"), ":material/account_balance:", "pages/exposure.py"),
    PageSpec("scenarios", N_("Scenarios"), ":material/science:", "pages/scenarios.py"),
    PageSpec("diplomacy", N_("Diplomacy"), ":material/handshake:", "pages/diplomacy.py"),
    PageSpec("southeast_asia", N_("Southeast Asia"), ":material/public:", "pages/southeast_asia.py"),
    PageSpec("trade", N_("Trade"), ":material/bar_chart:", "pages/trade.py"),
    PageSpec("sources", N_("Sources"), ":material/menu_book:", "pages/sources.py"),
    PageSpec("data", N_("Data"), ":material/table_edit:", "pages/data.py"),
)

#: The page that answers at ``/`` (it opens at its slug).
DEFAULT: PageSpec = next(p for p in PAGES if p.default)

#: Every page's slug, in navigation order.
SLUGS: tuple[str, ...] = tuple(p.slug for p in PAGES)


def by_slug(slug: str) -> PageSpec:
    """The page whose slug is ``slug``. Raises ``KeyError`` for an unknown slug."""
    for page in PAGES:
        if page.slug == slug:
            return page
    raise KeyError(slug)


def url_of(page: PageSpec) -> str:
    """The page's URL path relative to the app root: ``""`` for the default page, else its slug."""
    return "" if page.default else page.slug
