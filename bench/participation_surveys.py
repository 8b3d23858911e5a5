"""Load: 1,000 survey responses from 32 concurrent clients; all stored, none twice, with the rate.

Run: `make bench`, or `.venv/bin/python bench/participation_surveys.py` (BENCH_RESPONSES, BENCH_CLIENTS).
Each client is a browser of its own: it opens the survey (receiving its signed token cookie),
answers, then tries to answer again, which must be refused. Uses a fresh SQLite database in a
temporary directory unless BENCH_DATABASE_URL is set.

Production's security parameters unless BENCH_PARAMS=light (the output says `params=...`):
- every answer pays the proof of work, COMPLAINTS_POW_BITS=16 (light: 8). It is the browser's work,
  so each answer's challenge is solved beforehand in a process pool, outside the timed window (its
  CPU per challenge is reported apart); the price does not rise with load during the run, since
  challenges solved beforehand would be refused once it rose (the rise changes only the browser's
  work). The repeat carries a fresh solved challenge too, so it is refused as a repeat, not as a replay.
- the burst limit of `participation/limits.py` (60 answers to one survey per 10 minutes) is kept:
  the answers are spread over as many surveys as that limit needs.
"""

import logging
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

RESPONSES = int(os.environ.get("BENCH_RESPONSES", "1000"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "32"))


def _solve_timed(challenge: str) -> tuple[str, float]:
    from prongsai.complaints.pow import solve

    started = time.process_time()
    counter = solve(challenge)
    return counter, time.process_time() - started


def setup(data_dir: str) -> None:
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    os.environ["PRONGSAI_DATA_DIR"] = data_dir
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", "")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings")
    from harness import params

    os.environ["COMPLAINTS_POW_BITS"] = "16" if params() == "production" else "8"
    import django

    django.setup()
    from django.conf import settings

    settings.COMPLAINTS_POW_MAX_EXTRA_BITS = 0  # see the docstring: the rise is the browser's cost only
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    logging.getLogger("django.request").setLevel(
        logging.CRITICAL
    )  # refused repeats (400), busy retries (503)


def main() -> int:
    setup(tempfile.mkdtemp(prefix="prongsai-bench-"))
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone
    from harness import params, report

    from prongsai.complaints import pow
    from prongsai.core.models import Organisation
    from prongsai.participation import limits
    from prongsai.participation.models import Survey, SurveyResponse
    from prongsai.participation.scoring import eit_questions

    org = Organisation.objects.create(
        slug="bench", name_th="เทศบาลทดสอบ", kind="subdistrict", province="กาญจนบุรี"
    )
    today = timezone.localdate()
    most, _window = limits.limit("survey")
    per_survey = max(1, most // 3)  # an answer, its refused repeat and any retry after 503 all count
    surveys = [
        Survey.objects.create(
            organisation=org, title=f"bench {n}", service="bench", opens_on=today, closes_on=today
        )
        for n in range(-(-RESPONSES // per_survey))
    ]
    urls = [
        reverse("participation_public:survey", kwargs={"org_slug": org.slug, "survey_id": survey.pk})
        for survey in surveys
    ]
    questions = eit_questions(surveys[0].ita_year)
    bits = settings.COMPLAINTS_POW_BITS
    spare = RESPONSES // 2 + 20  # a retry after 503 sends the form again with a fresh challenge
    challenges = [pow.new_challenge(org.pk) for _ in range(2 * RESPONSES + spare)]
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(os.cpu_count() or 2) as pool:
        solved = pool.map(_solve_timed, challenges, chunksize=16)
    print(f"solved {len(challenges)} challenges of {bits} bits in {time.perf_counter() - started:.0f}s")
    paid = [
        {"pow_challenge": challenge, "pow_counter": counter}
        for challenge, (counter, _cpu) in zip(challenges, solved, strict=True)
    ]
    refused, retries, failed, lock = [0], [0], [], threading.Lock()

    fresh = iter(paid[2 * RESPONSES :])

    def post(client, url, answers) -> int:
        """A busy SQLite answers 503 ("try again"); a real client retries, so does this one, with
        the fresh challenge a reloaded form would carry (the first may be spent already)."""
        for attempt in range(8):
            status = client.post(url, answers).status_code
            if status != 503:
                return status
            with lock:
                retries[0] += 1
                answers = {**answers, **next(fresh)}
            time.sleep(0.05 * 2**attempt)
        return status

    def one(n: int) -> None:
        client, rng, url = Client(HTTP_HOST="localhost"), random.Random(n), urls[n // per_survey]
        client.get(url)
        answers = {q.code: str(rng.randrange(len(q.options))) for q in questions}
        status = post(client, url, {**answers, **paid[2 * n]})
        if status != 302:
            failed.append(status)
        again = post(client, url, {**answers, **paid[2 * n + 1]})
        with lock:
            refused[0] += again == 400
        connection.close()

    started, cpu = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(one, range(RESPONSES)))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    stored = SurveyResponse.objects.filter(survey__in=surveys).count()
    distinct = SurveyResponse.objects.filter(survey__in=surveys).values("token_hash").distinct().count()
    print(f"clients={CLIENTS} responses={RESPONSES} stored={stored} distinct={distinct} failed={len(failed)}")
    if failed:
        print(f"statuses of the failed first answers: {sorted(set(failed))}")
    print(
        f"second attempts refused={refused[0]} of {RESPONSES}; retries after 503 (database busy)={retries[0]}"
    )
    print(f"rate={RESPONSES / elapsed:.0f} responses/s (view, answer, refused repeat) in {elapsed:.1f}s")
    ok = stored == distinct == RESPONSES and refused[0] == RESPONSES and not failed
    label = f"params={params()} pow={bits} bits solved beforehand, {len(surveys)} surveys of ≤ {per_survey}"
    report(
        "participation_surveys", f"survey responses, {CLIENTS} clients", RESPONSES / elapsed, "responses/s",
        target="all stored once, repeats refused", met=ok,
        note=f"stored={stored} distinct={distinct} refused={refused[0]} failed={len(failed)} {label}",
    )  # fmt: skip
    report(
        "participation_surveys", "CPU per response (view, answer, refused repeat)", 1000 * cpu / RESPONSES,
        "ms",
        note=f"one process: server and test clients; {label}",
    )  # fmt: skip
    report(
        "participation_surveys", f"proof of work solved beforehand (Python, {bits} bits)",
        1000 * statistics.median(c for _n, c in solved), "ms",
        note=f"params={params()}; CPU per challenge, the browser's work, outside the timed window",
    )  # fmt: skip
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
