"""Take screenshots of every page in headless Chromium (Debian's /usr/bin/chromium).

Usage: ``python scripts/screenshots.py [--lang ja] [BASE_URL] [OUT_DIR] [PAGES]`` with the dashboard
running (``make run``); ``--lang ja`` opens every page with ``?lang=ja`` (the Japanese
interface). Writes ``<page>-<width>x<height>-<scheme>.png`` for desktop (1600x1000) and
projector (1280x720) sizes in light and dark colour schemes. With ``story`` as PAGES: every step of
the story in presentation mode at 1280x720, both schemes (``story-<step>-<scheme>.png``), walked
with the Page Down key as a presenter's clicker sends it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, wait_idle  # noqa: E402
from tightrope import registry  # noqa: E402

PAGES = list(registry.SLUGS)


def main() -> None:
    args = sys.argv[1:]
    lang = ""
    if args[:1] == ["--lang"]:
        lang, args = args[1], args[2:]
    base = args[0] if args else "http://localhost:8501"
    out = Path(args[1] if len(args) > 1 else "screenshots")
    only = args[2].split(",") if len(args) > 2 else PAGES
    if only == ["story"]:
        story(base, out, lang)
        return
    sizes = [(1600, 1000), (1280, 720)]
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for scheme in ("light", "dark"):
            for w, h in sizes:
                ctx = browser.new_context(viewport={"width": w, "height": h}, color_scheme=scheme)
                page = ctx.new_page()
                for name in only:
                    query = f"?lang={lang}" if lang else ""
                    path = registry.url_of(registry.by_slug(name))
                    page.goto(f"{base}/{path}{query}", wait_until="domcontentloaded")
                    wait_idle(page)
                    page.screenshot(path=str(out / f"{name}-{w}x{h}-{scheme}.png"), full_page=w == 1600)
                ctx.close()
        browser.close()


def story(base: str, out: Path, lang: str = "") -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for scheme in ("light", "dark"):
            ctx = browser.new_context(viewport={"width": 1280, "height": 720}, color_scheme=scheme)
            page = ctx.new_page()
            query = f"&lang={lang}" if lang else ""
            page.goto(f"{base}/overview?present=1&step=1{query}", wait_until="domcontentloaded")
            wait_idle(page)
            step = 1
            while True:
                page.screenshot(path=str(out / f"story-{step:02d}-{scheme}.png"))
                if page.locator(".st-key-story-next button").first.is_disabled():
                    break
                page.keyboard.press("PageDown")
                step += 1
                marker = f"ステップ {step}/" if lang == "ja" else f"Step {step} of"
                page.get_by_text(marker, exact=False).first.wait_for(timeout=60_000)
                wait_idle(page)
            ctx.close()
        browser.close()


if __name__ == "__main__":
    main()
