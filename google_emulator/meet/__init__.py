"""Google Meet REST API v2 under `/v2/`, driven by Google's discovery document (`meet.v2.json`, beside this file)."""
