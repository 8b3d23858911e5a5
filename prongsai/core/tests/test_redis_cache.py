"""The Redis cache backend (core/redis_cache.py) against a real redis-server: one client per pool,
made once, and Django's cache behaviour unchanged, from several threads at once."""

import os
import shutil
import socket
import subprocess
import threading
import time

import pytest

from prongsai.core.redis_cache import RedisCache

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


@pytest.fixture(scope="module")
def redis_url():
    if not os.path.exists(REDIS_SERVER):
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing")
        pytest.skip("redis-server is not installed")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait()


@pytest.fixture
def cache(redis_url):
    backend = RedisCache(redis_url, {"KEY_PREFIX": "t"})
    backend.clear()
    return backend


def test_one_client_serves_every_call(cache):
    client = cache._cache.get_client()
    assert cache._cache.get_client("k", write=True) is client
    cache.set("a", 1)
    assert cache._cache.get_client() is client


def test_the_cache_behaves_as_djangos(cache):
    assert cache.get("missing", "default") == "default"
    cache.set("a", {"x": [1, 2]}, timeout=60)
    assert cache.get("a") == {"x": [1, 2]}
    assert cache.add("a", "other") is False and cache.add("b", 5) is True
    assert cache.incr("b") == 6
    with pytest.raises(ValueError):
        cache.incr("never-set")
    assert cache.get_many(["a", "b", "c"]) == {"a": {"x": [1, 2]}, "b": 6}
    assert cache.delete("a") is True and cache.get("a") is None


def test_threads_share_the_client_without_losing_a_count(cache):
    cache.set("n", 0)

    def count():
        for _ in range(100):
            cache.incr("n")

    threads = [threading.Thread(target=count) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.get("n") == 400
