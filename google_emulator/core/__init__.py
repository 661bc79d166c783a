"""What every emulated API shares: the clock, errors, identities and tokens, quotas, faults, switches, routing.

Nothing here imports an API package (`meet/`, `oauth/`, `control/`); they import from here.
"""
