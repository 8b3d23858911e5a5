"""Search over an organisation's publications, with Thai word segmentation.

Assumptions:
- Thai is written without spaces between words, so text is cut into words with pythainlp's
  `newmm` and the dictionary it ships (offline), once, when a publication is saved; the words are
  kept in `Publication.search_text`, joined by spaces. A query is cut the same way, and a
  publication matches when it holds every word of the query.
- newmm keeps compounds whole (ถนนลูกรัง). The index also holds each dictionary word that starts
  inside a compound at a character-cluster boundary (ถนน, ลูกรัง), so searching for a part finds it.
- Thai digits count as Arabic digits and Latin letters as lower case; tokens with no letter or
  digit (spaces, punctuation) are dropped.
- PostgreSQL matches with a GIN index over a stored `to_tsvector('simple', search_text)` column
  (migration 0002): 'simple' only lower-cases and splits at spaces, which is what the words need.
  SQLite, for small installs and tests, matches each word with LIKE over the space-joined text.
"""

from __future__ import annotations

import io
import shutil
import string
import subprocess
import zipfile
from functools import lru_cache

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connection, connections
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property

from prongsai.core import sheets
from prongsai.thai.digits import to_arabic_digits

PUNCTUATION = string.punctuation + "“”‘’«»…·•–—"
MAX_SOURCE_CHARS = 100_000  # text read from one file; the rest of a very long file is not searched
MAX_QUERY_WORDS = 8
COUNT_CAP = 500  # results counted at most: beyond, the visitor is asked to narrow the search
PDFTOTEXT_SECONDS = 10


@lru_cache(maxsize=1)
def _dictionary():
    from pythainlp.corpus import thai_words
    from pythainlp.util import Trie

    return Trie(thai_words())


def words(text: str) -> list[str]:
    """The words of `text`, normalised, in order, with repeats."""
    from pythainlp.tokenize import word_tokenize

    text = to_arabic_digits(text or "").lower()
    if not text.strip():
        return []
    tokens = word_tokenize(text, engine="newmm", keep_whitespace=False)
    return [t for token in tokens if (t := token.strip(PUNCTUATION)) and any(c.isalnum() for c in t)]


def _parts(word: str, depth: int = 2) -> list[str]:
    """The dictionary words a Thai compound is made of (จัดซื้อจัดจ้าง → จัดซื้อ, จัดจ้าง, จัด, ซื้อ,
    จ้าง): the tiling with the fewest words, each of two letters or more, then theirs in turn."""
    if depth == 0 or len(word) < 4 or not any("\u0e00" <= c <= "\u0e7f" for c in word):
        return []
    trie = _dictionary()
    best: dict[int, list[str]] = {0: []}  # position → fewest words that tile word[:position]
    for start in range(len(word)):
        if start not in best:
            continue
        for piece in trie.prefixes(word[start:]):
            end = start + len(piece)
            if (
                len(piece) >= 2
                and piece != word
                and (end not in best or len(best[end]) > len(best[start]) + 1)
            ):
                best[end] = [*best[start], piece]
    pieces = best.get(len(word), [])
    found = list(pieces)
    for piece in pieces:
        found += _parts(piece, depth - 1)
    return found


def index_text(*texts: str) -> str:
    """The space-joined words of `texts` and of their compounds' parts, each once, with a space at
    either end so that SQLite can match whole words with LIKE."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in words((text or "")[:MAX_SOURCE_CHARS]):
            seen.setdefault(word)
            for part in _parts(word):
                seen.setdefault(part)
    return f" {' '.join(seen)} " if seen else ""


def query_words(query: str) -> list[str]:
    return list(dict.fromkeys(words(query[:300])))[:MAX_QUERY_WORDS]


def matching(rows, query: str):
    """`rows` (publications) that hold every word of `query`; none for a query with no words."""
    wanted = query_words(query)
    if not wanted:
        return rows.none()
    if connection.vendor == "postgresql":
        # search_vector is the stored column of migration 0002, not a model field. The SQL names the
        # table, so this condition must not be used inside a subquery (Django renames it there).
        matches = RawSQL(
            "disclosure_publication.search_vector @@ plainto_tsquery('simple'::regconfig, %s)",
            (" ".join(wanted),),
            output_field=BooleanField(),
        )
        return rows.filter(matches)
    for word in wanted:
        rows = rows.filter(search_text__contains=f" {word} ")
    return rows


# --- text from files, where that is cheap --------------------------------------------------


def file_text(content: bytes, extension: str) -> str:
    """The text of an XLSX, DOCX or PDF file, for search; '' when it cannot be read cheaply.

    The file was already checked by its content (publishing.checked_file); a file that still
    fails to parse is published all the same, only without its text in the search.
    """
    readers = {"xlsx": _xlsx_text, "docx": _docx_text, "pdf": _pdf_text}
    reader = readers.get(extension)
    if reader is None:
        return ""
    try:
        if extension in ("xlsx", "docx"):
            sheets.check_zip(content)  # a zip bomb is refused (SheetError) before it inflates
        return reader(content)[:MAX_SOURCE_CHARS]
    except (  # NotImplementedError: a member packed with a method zipfile does not know
        ValueError, KeyError, OSError, NotImplementedError, zipfile.BadZipFile, subprocess.SubprocessError,
    ):  # fmt: skip
        return ""


def _xlsx_text(content: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    cells, size = [], 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if value is not None and str(value).strip():
                    cells.append(str(value))
                    size += len(cells[-1])
            if size > MAX_SOURCE_CHARS:
                return " ".join(cells)
    return " ".join(cells)


def _docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(p for p in parts if p.strip())


def _pdf_text(content: bytes) -> str:
    binary = shutil.which("pdftotext")
    if binary is None:  # poppler-utils is optional: without it PDFs are found by title only
        return ""
    done = subprocess.run(  # noqa: S603 - a fixed binary, the file on stdin
        [binary, "-q", "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        timeout=PDFTOTEXT_SECONDS,
        check=False,
    )
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else ""


def search_rows(organisation, q: str, *, year: int | None = None, item: str = "", unit=None, now=None):
    """The organisation's published publications matching `q`, filtered, newest first."""
    from prongsai.disclosure.models import Item, Publication

    rows = Publication.objects.for_org(organisation).published(now)
    if year or item:
        # The items' ids, looked up first, rather than a join to the items: with a join PostgreSQL
        # may read the word's whole GIN entry once per item of the year (43 times), which made a
        # filtered search of a common word take a quarter of a second over 100,000 publications.
        items = Item.objects.for_org(organisation).order_by()
        if year:
            items = items.filter(year=year)
        if item:
            items = items.filter(code=item)
        rows = rows.filter(item_id__in=list(items.values_list("pk", flat=True)))
    if unit is not None:
        rows = rows.filter(unit=unit)
    return newest_first(matching(rows, q))


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 matches: counting every match of a common word means reading
    every matching row, which is what makes a search slow; nobody pages past the 25th page.

    The matches are counted by reading the ids and dates of at most that many, which is what a
    count costs anyway. When they are within the cap, the page is sorted from them here and only
    its own rows are read. Only a word with more matches than the cap is read in date order,
    where a page's worth of matches comes soon. Left to itself, PostgreSQL reads in date order
    whenever there is a LIMIT, and for a word in a few hundred of 100,000 publications it checked
    thousands of rows' words to fill one page (20 ms rather than 2)."""

    cap = COUNT_CAP

    @cached_property
    def _matches(self) -> list[int]:
        """The ids of at most cap + 1 matches, newest first: any cap + 1 of them read by the word
        index, sorted by the database (ids only, cheaper to bring over than their dates)."""
        found = self.object_list.order_by().values_list("id", "publish_at")[: self.cap + 1]
        try:
            sql, params = found.query.sql_with_params()
        except EmptyResultSet:  # none(), or a filter that no item passes
            return []
        with connections[found.db].cursor() as cursor:
            cursor.execute(f"SELECT id FROM ({sql}) found ORDER BY publish_at DESC, id DESC", params)  # noqa: S608 - Django's own SQL
            return [pk for (pk,) in cursor.fetchall()]

    @cached_property
    def count(self) -> int:
        return len(self._matches)

    @property
    def more_than_cap(self) -> bool:
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        return super().num_pages if self.count <= self.cap else max(1, -(-self.cap // self.per_page))

    def page(self, number):
        number = self.validate_number(number)
        if self.count > self.cap:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        top = self.count if bottom + self.per_page + self.orphans >= self.count else bottom + self.per_page
        wanted = self._matches[bottom:top]
        rows = newest_first(self.object_list.model.objects.filter(pk__in=wanted)) if wanted else []
        return self._get_page(list(rows), number, self)


def newest_first(rows):
    """The order and the columns the results page shows."""
    return rows.select_related("item", "unit").defer("search_text").order_by("-publish_at", "-pk")
