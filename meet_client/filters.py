"""List filters in Google's syntax (EBNF in meet.v2.json): `field op value` terms joined by `AND`, strings in double
quotes, timestamps as quoted RFC 3339, `IS NULL` for unset fields."""

from __future__ import annotations

# Participants still in the call (Google leaves the end unset until they leave).
PARTICIPANTS_IN_CALL = "latest_end_time IS NULL"
