"""Speed of the disclosure portal's public pages (issue #7) and of its search.

Run: `make bench`, or `.venv/bin/python bench/disclosure_pages.py`.

1. For SQLite and then PostgreSQL, gunicorn as docs/deploy runs it serves an organisation with the
   2565 OIT catalogue (43 items) and realistic publications (BENCH_PAGE_PUBLICATIONS, 4 per item
   by default, some revised, with units). Side by side in one run, at 32 concurrent connections:
   the bare view, an OIT item page (all 43 items in turn) and the year's item index.
   Targets: the item page reaches ≥ 50% of the bare view's throughput, p95 ≤ 50 ms.
2. On the PostgreSQL server, BENCH_SEARCH_PUBLICATIONS (100,000) generated publications in Thai
   (words of pythainlp's dictionary, frequent words more often, segmented as publishing does) are
   searched for one or two words, as visitors would, each search once: target p95 ≤ 100 ms for
   one visitor at a time and for BENCH_SEARCH_CLIENTS (4) concurrent visitors; the figure at 32
   is reported too.

The data is written by this script run as `seed` in a subprocess with the server's environment.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness

NAME = "disclosure_pages"
ORG = "bench"
PAGE_PUBLICATIONS = int(os.environ.get("BENCH_PAGE_PUBLICATIONS", "4"))
SEARCH_PUBLICATIONS = int(os.environ.get("BENCH_SEARCH_PUBLICATIONS", "100000"))
SEARCH_CLIENTS = int(os.environ.get("BENCH_SEARCH_CLIENTS", "4"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "2000"))
VOCABULARY = 4000
PHRASES = 6000
SEED = 7
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")  # the vocabulary comes from the dictionary pythainlp ships
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")


# --- data, written inside the server's environment (`python disclosure_pages.py seed …`) -------


def vocabulary() -> list[str]:
    """Dictionary words of two syllables or more, in a fixed order; the first are the most used."""
    from pythainlp.corpus import thai_words

    words = sorted(w for w in thai_words() if 3 <= len(w) <= 12 and " " not in w)
    return random.Random(SEED).sample(words, VOCABULARY)


def zipf_weights(n: int) -> list[float]:
    return [1 / (rank + 1) for rank in range(n)]


def sentence(rng: random.Random, words: list[str], weights: list[float], phrases: int) -> str:
    """Thai as it is written: words run together within a phrase, a space between phrases."""
    return " ".join("".join(rng.choices(words, weights, k=rng.randint(2, 5))) for _ in range(phrases))


def _index(args: tuple[str, str]) -> str:
    from prongsai.disclosure.search import index_text

    return index_text(*args)


def seed(kind: str, count: int) -> None:
    import django

    django.setup()
    from multiprocessing import Pool

    from django.db import connection, transaction
    from django.utils import timezone

    from prongsai.core.models import Organisation, Unit
    from prongsai.disclosure.catalogue import ensure_catalogue
    from prongsai.disclosure.models import Item, Kind, Publication
    from prongsai.ita.framework import FrameworkError

    org, _ = Organisation.objects.get_or_create(
        slug=ORG, defaults={"name_th": "เทศบาลตำบลทดสอบความเร็ว", "kind": "subdistrict", "province": "กาญจนบุรี"}
    )
    units = [
        Unit.objects.get_or_create(organisation=org, name_th=name)[0]
        for name in ("สำนักปลัด", "กองคลัง", "กองช่าง")
    ]
    rng, words, weights = random.Random(SEED), vocabulary(), zipf_weights(VOCABULARY)
    now = timezone.now()
    if kind == "pages":
        ensure_catalogue(org, 2565)
        with transaction.atomic():
            for item in Item.objects.for_org(org).filter(year=2565):
                previous = None
                for n in range(PAGE_PUBLICATIONS):
                    previous = Publication.objects.create(
                        organisation=org,
                        item=item,
                        kind=Kind.TEXT,
                        title=f"{item.title_th} ฉบับที่ {n + 1}",
                        text=sentence(rng, words, weights, 6),
                        unit=units[n % 3],
                        publish_at=now - timezone.timedelta(days=30 - n),
                        supersedes=previous if n % 2 else None,
                    )
        return
    started = time.perf_counter()
    items = []
    for year in (2563, 2564, 2565, 2566, 2567, 2568):
        try:
            ensure_catalogue(org, year)
        except FrameworkError:  # a year whose framework lists no OIT items
            continue
        items += list(Item.objects.for_org(org).filter(year=year))
    # Publications are made of phrases (words run together, a space between phrases, as Thai is
    # written). Each phrase of the pool is segmented once; newmm never joins words across a space,
    # so a publication's words are its phrases' words, which is checked on a sample below.
    print(f"catalogues in {time.perf_counter() - started:.1f}s", flush=True)
    pool = [sentence(rng, words, weights, 1) for _ in range(PHRASES)]
    connection.close()
    started = time.perf_counter()
    with Pool(os.cpu_count() or 2) as workers:
        pool_words = [
            set(t.split()) for t in workers.map(_index, [(p, "", "", "") for p in pool], chunksize=200)
        ]
    print(f"segmented {PHRASES} phrases in {time.perf_counter() - started:.1f}s", flush=True)
    started = time.perf_counter()
    columns = (
        "organisation_id, item_id, kind, title, text, unit_id, search_text, publish_at, file, file_type, "
        "filename, url, file_text, link_broken, link_error, created_at"
    )
    # COPY rather than INSERT, and the GIN index built once afterwards rather than row by row:
    # the bench's data loads in seconds, the index is the same.
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX publication_search")
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY disclosure_publication ({columns}) FROM STDIN") as copy,
    ):
        for n in range(count):
            picked = rng.sample(range(PHRASES), rng.randint(3, 7))
            title, text = pool[picked[0]], " ".join(pool[i] for i in picked[1:])
            indexed = set().union(*(pool_words[i] for i in picked))
            if n < 50:
                assert set(_index((title, text, "", "")).split()) == indexed, (title, text)
            published = now - timezone.timedelta(minutes=rng.randrange(5 * 365 * 24 * 60))
            copy.write_row(
                (org.pk, rng.choice(items).pk, Kind.TEXT, title[:300], text, units[rng.randrange(3)].pk,
                 f" {' '.join(indexed)} ", published, "", "", "", "", "", False, "", published)
            )  # fmt: skip
    print(f"stored {count} publications in {time.perf_counter() - started:.1f}s", flush=True)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        cursor.execute("CREATE INDEX publication_search ON disclosure_publication USING gin (search_vector)")
    print(f"indexed in {time.perf_counter() - started:.1f}s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) disclosure_publication")  # as autovacuum would, soon after a load


def run_seed(env: dict[str, str], kind: str, count: int = 0) -> None:
    subprocess.run(
        [sys.executable, __file__, "seed", kind, str(count)], env=env, check=True, cwd=harness.REPO
    )


# --- measuring ---------------------------------------------------------------------------------


def measure_pages(server, label: str) -> None:
    items = lambda n: f"/{ORG}/disclosure/2565/o{n % 43 + 1}/"  # noqa: E731
    index = f"/{ORG}/disclosure/2565/"
    for path in ("/_bench/bare", index):  # warm: connections, templates, caches
        harness.load(server.url, path, requests=300)
    harness.load(server.url, items, requests=300)
    bare = harness.load(server.url, "/_bench/bare", requests=REQUESTS)
    item = harness.load(server.url, items, requests=REQUESTS)
    year = harness.load(server.url, index, requests=REQUESTS)
    print(
        f"{label}: bare {bare.rps:.0f} req/s p95 {bare.p95:.1f} ms; item {item.rps:.0f} req/s "
        f"p95 {item.p95:.1f} ms; index {year.rps:.0f} req/s p95 {year.p95:.1f} ms",
        flush=True,
    )
    harness.compare(NAME, f"{label}: OIT item page", item, bare, min_ratio=0.5, max_p95_ms=50)
    harness.compare(NAME, f"{label}: item index", year, bare)


def measure_search(server, count: int) -> None:
    words = vocabulary()
    rng = random.Random(SEED + 1)
    weights = zipf_weights(VOCABULARY)
    # Every address once: no measured search is answered from a cache (of the server, or of
    # PostgreSQL's plans and pages) that an earlier request for the same words filled.
    queries: dict[str, None] = {}
    n = 0
    while len(queries) < 1500:
        picked = rng.choices(words, weights, k=1 + (n % 3 == 0))  # a third of the searches have two words
        year = "&year=2565" if n % 4 == 0 else ""
        queries.setdefault(f"/{ORG}/disclosure/search/?q={quote(' '.join(picked))}{year}")
        n += 1
    queries = list(queries)
    # Warm-up with other queries than the measured ones, so no measured query is answered from a
    # page that its own warm-up brought into memory.
    harness.load(server.url, lambda n: queries[-1 - n], requests=300, concurrency=SEARCH_CLIENTS)
    for clients, first, requests in ((1, 0, 200), (SEARCH_CLIENTS, 200, 600), (32, 800, 400)):
        result = harness.load(
            server.url, lambda n, first=first: queries[first + n], requests=requests, concurrency=clients
        )
        print(
            f"search over {count} publications, {clients} clients: {result.rps:.0f} req/s, "
            f"p50 {result.p50:.1f} ms, p95 {result.p95:.1f} ms, errors {result.errors}",
            flush=True,
        )
        target = clients in (1, SEARCH_CLIENTS)
        harness.report(
            NAME,
            f"PostgreSQL: search p95, {count:,} publications, {clients} client{'s' * (clients > 1)}",
            result.p95,
            "ms",
            target="≤ 100 ms" if target else "",
            met=(result.p95 <= 100 and not result.errors) if target else None,
            note=f"{result.rps:.0f} req/s, p50 {result.p50:.1f} ms, errors={result.errors}",
        )


def main() -> int:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-disclosure-") as data:
        env = harness.prepare("", str(Path(data) / "site"))
        run_seed(env, "pages")
        with harness.gunicorn(env, **harness.deployed_workers()) as server:
            measure_pages(server, "SQLite")
        # shared_buffers as a production server would have it (the default 128 MB is smaller than
        # the 100,000 publications' table); everything else as the harness sets it.
        with harness.postgres(settings={"shared_buffers": "512MB"}) as database_url:
            # The same data folder: its static files are collected already, only the database is new.
            env = harness.server_env(database_url, str(Path(data) / "site"))
            harness.manage(env, "migrate", "--no-input")
            run_seed(env, "pages")
            with harness.gunicorn(env, **harness.deployed_workers()) as server:
                measure_pages(server, "PostgreSQL")
            seeded = time.monotonic()
            run_seed(env, "search", SEARCH_PUBLICATIONS)
            print(
                f"seeded {SEARCH_PUBLICATIONS} publications in {time.monotonic() - seeded:.0f}s", flush=True
            )
            with harness.gunicorn(env, **harness.deployed_workers()) as server:
                measure_search(server, SEARCH_PUBLICATIONS)
    print(f"total {time.monotonic() - started:.0f}s")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["seed"]:
        seed(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(main())
