"""Load: 5,000 survey responses from 32 concurrent clients; all stored, none twice, with the rate.

Run: `make bench`, or `.venv/bin/python bench/participation_surveys.py` (BENCH_RESPONSES, BENCH_CLIENTS).
Each client is a browser of its own: it opens the survey (receiving its signed token cookie),
answers, then tries to answer again, which must be refused. Uses a fresh SQLite database in a
temporary directory unless BENCH_DATABASE_URL is set.
"""

import logging
import os
import random
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

RESPONSES = int(os.environ.get("BENCH_RESPONSES", "5000"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "32"))


def setup(data_dir: str) -> None:
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    os.environ["PRONGSAI_DATA_DIR"] = data_dir
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", "")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    logging.getLogger("django.request").setLevel(
        logging.CRITICAL
    )  # refused repeats (400), busy retries (503)


def main() -> int:
    setup(tempfile.mkdtemp(prefix="prongsai-bench-"))
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone
    from harness import report

    from prongsai.core.models import Organisation
    from prongsai.participation.models import Survey, SurveyResponse
    from prongsai.participation.scoring import eit_questions

    org = Organisation.objects.create(
        slug="bench", name_th="เทศบาลทดสอบ", kind="subdistrict", province="กาญจนบุรี"
    )
    today = timezone.localdate()
    survey = Survey.objects.create(
        organisation=org, title="bench", service="bench", opens_on=today, closes_on=today
    )
    url = reverse("participation_public:survey", kwargs={"org_slug": org.slug, "survey_id": survey.pk})
    questions = eit_questions(survey.ita_year)
    refused, retries, failed, lock = [0], [0], [], threading.Lock()

    def post(client, answers) -> int:
        """A busy SQLite answers 503 ("try again"); a real client retries, so does this one."""
        for attempt in range(8):
            status = client.post(url, answers).status_code
            if status != 503:
                return status
            with lock:
                retries[0] += 1
            time.sleep(0.05 * 2**attempt)
        return status

    def one(n: int) -> None:
        client, rng = Client(HTTP_HOST="localhost"), random.Random(n)
        client.get(url)
        answers = {q.code: str(rng.randrange(len(q.options))) for q in questions}
        if post(client, answers) != 302:
            failed.append(n)
        again = post(client, answers)
        with lock:
            refused[0] += again == 400
        connection.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(one, range(RESPONSES)))
    elapsed = time.perf_counter() - started
    stored = SurveyResponse.objects.filter(survey=survey).count()
    distinct = SurveyResponse.objects.filter(survey=survey).values("token_hash").distinct().count()
    print(f"clients={CLIENTS} responses={RESPONSES} stored={stored} distinct={distinct} failed={len(failed)}")
    print(
        f"second attempts refused={refused[0]} of {RESPONSES}; retries after 503 (database busy)={retries[0]}"
    )
    print(f"rate={RESPONSES / elapsed:.0f} responses/s (view, answer, refused repeat) in {elapsed:.1f}s")
    ok = stored == distinct == RESPONSES and refused[0] == RESPONSES and not failed
    report(
        "participation_surveys", f"survey responses, {CLIENTS} clients", RESPONSES / elapsed, "responses/s",
        target="all stored once, repeats refused", met=ok,
        note=f"stored={stored} distinct={distinct} refused={refused[0]} failed={len(failed)}",
    )  # fmt: skip
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
