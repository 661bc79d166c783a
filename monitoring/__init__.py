"""Is the machinery behind the dashboard alive: the load balancer's probes (`/healthz`, `/readyz`), the heartbeats
workers and beat write to Redis, and the IT admins' status page that reads them."""
