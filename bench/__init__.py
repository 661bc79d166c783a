"""Benchmarks: meetadmin at scale, measured against yardsticks, written to docs/benchmarks.md.

One module per benchmark (`python -m bench.pages`, `bench.click`, `bench.bulk`, `bench.csv_export`), all of them with
`python -m bench` (`make bench`). Each starts the production stack on this machine (`bench.stack`): PostgreSQL and
Redis from their Python packages, the Google emulator, gunicorn with DEBUG off and hashed static files, a Celery
worker; drives it from a second process over loopback (`bench.load`); and rewrites its own section of the report.
"""
