"""Django's PostgreSQL backend, which stops asking a database that has just failed to answer (base.py)."""
