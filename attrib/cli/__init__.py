"""The `attrib` command line: parses arguments, calls the library, maps its errors to exit codes.

Exit codes: one table, `EXIT_CODES` in `common.py`; each command's help lists
the codes it can return.

Data goes to stdout (or to `-o FILE`), messages to stderr.
"""

from attrib.cli.main import app

__all__ = ["app"]
