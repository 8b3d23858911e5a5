"""Run background jobs (imports, rendering) until stopped; several workers may run side by side."""

import time

from django.core.management.base import BaseCommand

from prongsai.core import jobs


class Command(BaseCommand):
    help = "Claim and run queued jobs. --once runs what is queued now and exits."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="exit when the queue is empty")
        parser.add_argument("--poll", type=float, default=1.0, help="seconds between looks at the queue")

    def handle(self, *args, **options):
        while True:
            job_id = jobs.claim_next()
            if job_id is None:
                if options["once"]:
                    return
                time.sleep(options["poll"])
                continue
            jobs.run(job_id)
            if options["verbosity"]:
                self.stdout.write(f"job {job_id} finished")
