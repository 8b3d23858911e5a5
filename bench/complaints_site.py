"""Settings of the complaint-centre benchmark server: the bench site, Argon2 optionally lighter.

Intake has no count limit (its proof of work gets dearer with load instead: complaints/pow.py).
Argon2 for receipt codes is lowered when BENCH_ARGON2_FAST=1 (the default in
bench/complaints.py, which says so in its output and measures the real cost separately).
"""

import os

from benchsite import *  # noqa: F403

if os.environ.get("BENCH_ARGON2_FAST") == "1":
    COMPLAINTS_ARGON2 = {"time_cost": 1, "memory_cost": 8192, "parallelism": 1}
