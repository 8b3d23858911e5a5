"""The throttle counters and the proof of work's cache calls (issue 19: intake at production parameters)."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prongsai.complaints import pow, throttle
from prongsai.core.tests.factories import make_org

pytestmark = pytest.mark.django_db


def test_hit_creates_then_increments_a_counter():
    assert throttle.count("paid_org", "7") == 0
    assert [throttle.hit("paid_org", "7") for _ in range(3)] == [1, 2, 3]
    assert throttle.count("paid_org", "7") == 3
    assert throttle.count("paid_org", "8") == 0  # another scope counts apart


def test_hit_counts_on_when_another_process_created_the_counter_first(monkeypatch):
    """incr finds no counter, and add then loses the race: the event is still counted, once."""
    cache = caches["throttle"]
    key = throttle._key("paid_all", "", throttle._window("paid_all")[0])
    real_add = type(cache).add

    def add_after_someone_else(self, k, value, timeout=None, version=None):
        real_add(self, k, 1, timeout=timeout)  # the other process's first event
        return real_add(self, k, value, timeout=timeout)  # ours: the key exists now

    monkeypatch.setattr(type(cache), "add", add_after_someone_else)
    assert throttle.hit("paid_all") == 2
    monkeypatch.undo()
    assert cache.get(key) == 2


def test_recent_many_reads_each_counter_as_recent_does():
    for _ in range(4):
        throttle.hit("paid_org", "1")
    throttle.hit("paid_all")
    counters = [("paid_org", "1"), ("paid_all", ""), ("paid_org", "2")]
    assert throttle.recent_many(counters) == [throttle.recent(name, scope) for name, scope in counters]
    assert throttle.recent_many(counters)[0] == pytest.approx(4)


def test_a_paid_complaint_costs_few_cache_calls_without_redis():
    """Without Redis the counters are a database table: the check reads the price once and writes
    the used challenge and the two load counters, instead of 29 statements before."""
    org = make_org("throttle-org")
    challenge = pow.new_challenge(org.pk)
    counter = pow.solve(challenge)
    throttle.hit("paid_org", str(org.pk))  # counters of this window exist, as on a busy day
    throttle.hit("paid_all")
    with CaptureQueriesContext(connection) as queries:
        assert pow.check(challenge, counter, org.pk) is None
    assert len(queries) <= 20, [q["sql"][:80] for q in queries.captured_queries]
    assert pow.check(challenge, counter, org.pk) == "replayed"
    assert throttle.count("paid_org", str(org.pk)) == 2
