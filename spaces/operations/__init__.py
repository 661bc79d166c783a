"""The Operation engine: one job per module.

- `queue`: make Operations (one, or many in a constant number of queries) and hand them to a worker once committed;
- `runner`: hold an Operation by a short lease, build its Meet client, run its handler, settle it, retry policy;
- `handlers`: what each kind of Operation does at Google;
- `upkeep`: the beat schedule's work (the sweeper, alias refresh, history copy, pruning old upkeep reads).

The Celery tasks in spaces/tasks.py only call into these. Nothing here imports spaces/tasks.py: the queue sends the
runner's task by its name, so the engine has no import cycle, not even one hidden inside a function.
"""
