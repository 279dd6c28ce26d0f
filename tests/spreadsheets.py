"""Reading a download the way a spreadsheet set to Dutch does: UTF-8 only behind a byte-order mark,
cells split at semicolons."""

import csv
import io


def read_dutch_csv(content: bytes | str) -> list[dict[str, str]]:
    text = content.decode("utf-8") if isinstance(content, bytes) else content
    assert text.startswith("\ufeff"), "without a byte-order mark Excel reads the file as Windows-1252"
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
