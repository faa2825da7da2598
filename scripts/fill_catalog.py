"""Fill locale/ja/LC_MESSAGES/messages.po from translator dictionaries (one-off helper, kept for
re-use when a batch of translations arrives as Python dicts ``T`` and ``PLURALS``).

Usage: ``python scripts/fill_catalog.py [FILE.py ...]``. Messages in the catalog that the files
translate get the translation (and lose a fuzzy flag). Every message also loses Babel's guessed
``python-format`` flag: the project formats with ``str.format`` only (write "percent sign", not
"% sign", in messages: Babel's compile step reads "% s" as %-formatting and refuses the
translation). ``make i18n`` runs it (without files) between ``pybabel update`` and ``pybabel compile``.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "locale" / "ja" / "LC_MESSAGES" / "messages.po"


def main(files: list[str]) -> int:
    singular: dict[str, str] = {}
    plural: dict[str, str] = {}
    for f in files:
        ns = runpy.run_path(f)
        singular.update(ns.get("T", {}))
        plural.update(ns.get("PLURALS", {}))
    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="ja")
    missing = []
    for message in catalog:
        if not message.id:
            continue
        message.flags.discard("python-format")
        if isinstance(message.id, (list, tuple)):
            text = plural.get(message.id[0])
            if text:
                message.string = (text,)
        else:
            text = singular.get(message.id)
            if text:
                message.string = text
        if text:
            message.flags.discard("fuzzy")
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id)
    with PO.open("wb") as fh:
        write_po(fh, catalog, width=0, omit_header=False, no_location=True, sort_output=True)
    print(f"untranslated or fuzzy: {len(missing)}")
    for m in missing:
        print("  ", m)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
