"""Settings of the complaint-centre benchmark server: the bench site, with the receipt verifier under test.

Production's security parameters unless bench/complaints.py says otherwise (it prints which):
- BENCH_RECEIPT_VERIFIER=argon2 hashes new receipt codes with Argon2id (argon2-cffi's defaults),
  the verifier before docs/adr/0004; otherwise the keyed HMAC-SHA256 verifier, as deployed.
- BENCH_PARAMS=light lowers Argon2 to time_cost=1, 8 MiB (the proof of work's bits come from
  COMPLAINTS_POW_BITS, which settings.py reads from the environment).
- BENCH_POW_RISE=off keeps the proof of work at its base price: the load phases send far more
  complaints to one organisation than the rise allows for challenges solved beforehand. The rise
  changes only the browser's work; the server checks one SHA-256 whatever the bits.
"""

import os

from benchsite import *  # noqa: F403

if os.environ.get("BENCH_RECEIPT_VERIFIER") == "argon2":
    COMPLAINTS_RECEIPT_VERIFIER = "argon2"
if os.environ.get("BENCH_PARAMS") == "light":
    COMPLAINTS_ARGON2 = {"time_cost": 1, "memory_cost": 8192, "parallelism": 1}
if os.environ.get("BENCH_POW_RISE") == "off":
    COMPLAINTS_POW_MAX_EXTRA_BITS = 0
