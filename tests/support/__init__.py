"""Test helpers, one module per job; tests import each module by name."""
