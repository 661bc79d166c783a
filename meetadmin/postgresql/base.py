"""Django's PostgreSQL backend, bounded on both sides of a connection.

It stops asking a database that has just failed to answer. One request reads the database from several layers (the
session from three middlewares on the way in and out, then the view), and each layer whose read failed asks again:
each would wait out its own DATABASE_CONNECT_TIMEOUT on a database that is down, and together they outlast gunicorn's
timeout. After a connection attempt fails, the next ones on this connection (one per thread) fail at once for as
long as one attempt may wait, so the request ends with its 503 page (meetadmin/outage.py) one timeout after it began,
and the requests queued behind it do not wait too.

And it gives up on a server that stopped answering on a connection already open. PostgreSQL ends a slow statement
itself (statement_timeout), but a server that froze ends nothing, and on the same machine the kernel still
acknowledges what is sent, so neither TCP keepalives nor tcp_user_timeout notice. psycopg waits for each answer in
`Connection.wait`, which takes a timeout: this backend's connections pass one a little longer than the statement
timeout (a statement the server cancels still ends as PostgreSQL's own error, leaving the connection usable), and
close the connection when it runs out.
"""

from __future__ import annotations

import re
import time

import psycopg
from django.conf import settings
from django.db.backends.postgresql import base

# Past the statement timeout: the server's own cancel arrives first whenever the server still runs.
ANSWER_MARGIN_SECONDS = 5.0
_STATEMENT_TIMEOUT_MS = re.compile(r"statement_timeout=(\d+)")


class AnswerDeadlineConnection(psycopg.Connection):
    """A psycopg connection that waits at most `answer_deadline` seconds for any one answer of the server."""

    answer_deadline: float | None = None

    def wait(self, gen, interval=psycopg.connection._WAIT_INTERVAL, timeout=None):
        try:
            return super().wait(
                gen, interval=interval, timeout=timeout if timeout is not None else self.answer_deadline
            )
        except psycopg.errors._WaitTimeout:
            # Mid-answer: nothing more can be sent or read on it. Closed, so that Django's health check fails at once
            # and the next use connects afresh.
            self.pgconn.finish()
            raise psycopg.OperationalError(
                f"the database did not answer within {self.answer_deadline:g}s; connection closed"
            ) from None


class DatabaseWrapper(base.DatabaseWrapper):
    unreachable_until = 0.0

    def get_new_connection(self, conn_params):
        if time.monotonic() < self.unreachable_until:
            raise self.Database.OperationalError("the database did not answer a moment ago; not asked again yet")
        try:
            connection = super().get_new_connection(conn_params)
        except self.Database.OperationalError:
            self.unreachable_until = time.monotonic() + settings.DATABASE_CONNECT_TIMEOUT
            raise
        statement_timeout = _STATEMENT_TIMEOUT_MS.search(self.settings_dict["OPTIONS"].get("options", ""))
        if statement_timeout and int(statement_timeout.group(1)):
            # Django makes the connection with psycopg.connect(); the class only adds a bound to `wait`.
            connection.__class__ = AnswerDeadlineConnection
            connection.answer_deadline = int(statement_timeout.group(1)) / 1000 + ANSWER_MARGIN_SECONDS
        return connection
