"""Django's PostgreSQL backend, which stops asking a database that has just failed to answer.

One request reads the database from several layers (the session from three middlewares on the way in and out, then
the view), and each layer whose read failed asks again: each would wait out its own DATABASE_CONNECT_TIMEOUT on a
database that is down, and together they outlast gunicorn's timeout. After a connection attempt fails, the next ones
on this connection (one per thread) fail at once for as long as one attempt may wait, so the request ends with its
503 page (meetadmin/outage.py) one timeout after it began, and the requests queued behind it do not wait too.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    unreachable_until = 0.0

    def get_new_connection(self, conn_params):
        if time.monotonic() < self.unreachable_until:
            raise self.Database.OperationalError("the database did not answer a moment ago; not asked again yet")
        try:
            return super().get_new_connection(conn_params)
        except self.Database.OperationalError:
            self.unreachable_until = time.monotonic() + settings.DATABASE_CONNECT_TIMEOUT
            raise
