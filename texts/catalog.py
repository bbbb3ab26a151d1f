"""The messages the templates ask to be translated, read the way ``pybabel extract`` reads them.

The tests compare this set with the English ``.po`` catalog, so a sentence added to a
template without its English fails in CI rather than reaching a user half-translated.
The extraction mapping comes from ``babel.cfg``, the same file the command line uses.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

PACKAGE = Path(__file__).resolve().parent
BABEL_CFG = PACKAGE / "babel.cfg"


def extract_messages() -> set[str]:
    """Every msgid in the templates (the singular one, for a plural message)."""
    with BABEL_CFG.open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, str(BABEL_CFG))
    found: set[str] = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(PACKAGE), method_map, options_map
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found
