"""The `attrib` command line: parses arguments, calls the library, maps its errors to exit codes.

Exit codes:

    0  every input was read and processed
    1  some inputs failed: each is reported on stderr as one line
       `error: <where>: <what>`; the other inputs are still processed and output;
       or the output could not be written (a full disk): one line, a partial file
       removed (a batch keeps its complete lines for --resume)
    2  usage error: an unknown option, a bad value (typer's own handling), an
       output that cannot be opened or that is the same file as an input
    3  invalid pattern files: every problem is listed on stderr as `file:line: ...`

Data goes to stdout (or to `-o FILE`), messages to stderr.
"""

from attrib.cli.main import app

__all__ = ["app"]
