"""What the importers' hypothesis tests share."""

from contextlib import contextmanager

from django.db import transaction
from hypothesis import strategies as st

# Where to damage a file, as a share of its length: XLSX bytes differ from run to run (timestamps),
# so drawing positions up to the length would make hypothesis' replays inconsistent.
fraction = st.floats(min_value=0, max_value=1)


def at(share: float, content) -> int:
    return int(share * len(content))


@contextmanager
def rolled_back():
    """Each example in a transaction that is undone, so examples never see each other's rows."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
