"""Django's Redis cache with one `redis.Redis` client per connection pool, made once.

Django's RedisCacheClient builds a new `redis.Redis` for every cache call, and building one
registers its ~170 response callbacks: more CPU than the round trip to Redis itself. The public
complaint form pays five cache calls per complaint (complaints/pow.py), every page a few more.
A `redis.Redis` is safe to share between threads (it takes a connection from its pool for each
command), so the one made for a pool serves every later call. Behaviour is otherwise Django's.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ClientPerPool(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ClientPerPool
