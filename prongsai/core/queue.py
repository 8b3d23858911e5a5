"""The Redis transport of background jobs: job ids in a list, workers block on it.

The `Job` table stays the record of every job; Redis only carries ids so a waiting worker wakes
at once. Keys, under JOBS_REDIS_PREFIX:
- `queue`: ids waiting to run (pushed after commit by `jobs.enqueue`);
- `running:<worker>`: the ids a worker has taken (moved there atomically with BLMOVE), so a
  killed worker's job is not lost;
- `alive:<worker>`: a key with a short expiry that the worker keeps refreshing;
- `workers`: the set of worker names; `owner` and `attempts`: hashes by job id.
A worker whose `alive` key expired is dead: any worker moves its `running` ids to itself, puts
back in the table the jobs it owned and queues them again — at most MAX_ATTEMPTS times, then the
job is marked failed (a job that kills its worker must not kill every worker in turn).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from functools import cache

import redis
from django.conf import settings

from prongsai.core import jobs

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = jobs.MAX_ATTEMPTS


def _key(*parts: str) -> str:
    return ":".join([settings.JOBS_REDIS_PREFIX, *parts])


@cache
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)


def client() -> redis.Redis:
    return _client(settings.REDIS_URL)


def push(job_id: int) -> None:
    """Wake a worker for the job; if Redis is down the job waits in the table for a sweep."""
    try:
        client().lpush(_key("queue"), job_id)
    except redis.RedisError as exc:
        logger.warning("job %s not pushed to Redis (%s); a worker's table sweep will find it", job_id, exc)


def ping() -> bool:
    return bool(client().ping())


class Consumer:
    """One worker's side of the queue: take ids, keep a heartbeat, recover dead workers' ids."""

    def __init__(self, *, heartbeat: float = 30.0, block: float = 5.0):
        self.name = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.heartbeat = heartbeat
        self.block = max(1.0, min(block, heartbeat))
        # A blocking read must not time out at the socket before BLMOVE itself does.
        self.redis = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=self.block + 10
        )
        self.running = _key("running", self.name)
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None

    # life cycle -------------------------------------------------------------------------------
    def start(self) -> None:
        try:
            self._touch()
        except redis.RedisError as exc:  # the worker polls the table meanwhile; the beat retries
            logger.warning("Redis unreachable at start: %s", exc)
        self._beat = threading.Thread(target=self._beat_loop, name="heartbeat", daemon=True)
        self._beat.start()

    def stop(self) -> None:
        self._stop.set()
        try:
            self.redis.srem(_key("workers"), self.name)
            self.redis.delete(_key("alive", self.name))
        except redis.RedisError:
            pass  # the key expires by itself

    def _touch(self) -> None:
        pipe = self.redis.pipeline()
        pipe.set(_key("alive", self.name), "1", px=int(self.heartbeat * 1000))
        pipe.sadd(_key("workers"), self.name)  # again each time: a restarted Redis forgot the set
        pipe.execute()

    def _beat_loop(self) -> None:
        while not self._stop.wait(self.heartbeat / 3):
            try:
                self._touch()
            except redis.RedisError as exc:
                logger.warning("worker heartbeat not written: %s", exc)

    # taking jobs ------------------------------------------------------------------------------
    def take(self, *, wait: bool = True) -> int | None:
        """The next id from the queue, moved into this worker's `running` list."""
        if wait:
            raw = self.redis.blmove(_key("queue"), self.running, self.block, "RIGHT", "LEFT")
        else:
            raw = self.redis.lmove(_key("queue"), self.running, "RIGHT", "LEFT")
        return int(raw) if raw is not None else None

    def hold(self, job_id: int) -> None:
        """Record a job found by the table sweep as this worker's, before claiming it."""
        self.redis.lpush(self.running, job_id)

    def claimed(self, job_id: int) -> None:
        self.redis.hset(_key("owner"), job_id, self.name)

    def release(self, job_id: int) -> None:
        """Drop an id this worker did not win (another worker claimed the job first)."""
        self.redis.lrem(self.running, 1, job_id)

    def finished(self, job_id: int) -> None:
        pipe = self.redis.pipeline()
        pipe.lrem(self.running, 1, job_id)
        pipe.hdel(_key("owner"), job_id)
        pipe.hdel(_key("attempts"), job_id)
        pipe.execute()

    # recovering dead workers' jobs ------------------------------------------------------------
    def recover(self) -> list[int]:
        """Queue again the jobs of workers whose heartbeat stopped; returns the ids requeued."""
        requeued = []
        for raw in self.redis.smembers(_key("workers")):
            worker = raw.decode()
            if worker == self.name or self.redis.exists(_key("alive", worker)):
                continue
            dead_list = _key("running", worker)
            # LMOVE is atomic: of two recovering workers only one gets each id.
            while (moved := self.redis.lmove(dead_list, self.running, "RIGHT", "LEFT")) is not None:
                job_id = int(moved)
                if self._requeue(job_id, worker):
                    requeued.append(job_id)
            self.redis.srem(_key("workers"), worker)
        return requeued

    def _requeue(self, job_id: int, dead: str) -> bool:
        owner = self.redis.hget(_key("owner"), job_id)
        # Another live worker may own it (an id can reach a worker twice): then leave it alone.
        if owner is not None and owner.decode() != dead:
            self.redis.lrem(self.running, 1, job_id)
            return False
        attempts = self.redis.hincrby(_key("attempts"), job_id, 1)
        if attempts >= MAX_ATTEMPTS:
            jobs.fail(job_id, f"the worker stopped while running this job {attempts} times")
            self.finished(job_id)
            return False
        back = jobs.requeue(job_id)
        pipe = self.redis.pipeline()
        pipe.lrem(self.running, 1, job_id)
        pipe.hdel(_key("owner"), job_id)
        if back:
            pipe.lpush(_key("queue"), job_id)
        pipe.execute()
        if back:
            logger.warning("job %s requeued: its worker %s stopped while running it", job_id, dead)
        return back
