"""The test suite's settings: the development defaults, turned on explicitly.

DEBUG is false unless set (settings.py fails closed); tests, and the commands they start as
subprocesses (which inherit the environment), run as development unless a test says otherwise.
pytest-django still runs each test with DEBUG=False, as production does, so the suite has complaint
keys of its own (production requires COMPLAINTS_KEYS).
"""

import base64
import os

os.environ.setdefault("DEBUG", "true")
# Tasks run in the caller, at once; the integration tests start real workers with a backend of their own.
os.environ.setdefault("TASKS_BACKEND", "immediate")

from prongsai.settings import *  # noqa: F403
from prongsai.settings import COMPLAINTS_KEYS, COMPLAINTS_RECEIPT_KEYS

COMPLAINTS_KEYS = COMPLAINTS_KEYS or "test:" + base64.b64encode(b"prongsai-test-key-32-bytes-long!").decode()
COMPLAINTS_RECEIPT_KEYS = (
    COMPLAINTS_RECEIPT_KEYS or "test:" + base64.b64encode(b"prongsai-test-receipts-32-bytes!").decode()
)
