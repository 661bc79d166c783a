"""The embedded default: PostgreSQL and Redis servers that come inside Python packages, for the demo and tests."""
