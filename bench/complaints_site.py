"""Settings of the complaint-centre benchmark server: the bench site with its limits opened.

The intake throttle (30 complaints per organisation per 10 minutes) would refuse a load test,
so it is raised. Argon2 for receipt codes is lowered when BENCH_ARGON2_FAST=1 (the default in
bench/complaints.py, which says so in its output and measures the real cost separately).
"""

import os

from benchsite import *  # noqa: F403

COMPLAINTS_LIMITS = {"intake_org": (10**9, 600), "intake_all": (10**9, 600)}
if os.environ.get("BENCH_ARGON2_FAST") == "1":
    COMPLAINTS_ARGON2 = {"time_cost": 1, "memory_cost": 8192, "parallelism": 1}
