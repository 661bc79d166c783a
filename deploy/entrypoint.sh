#!/bin/sh
# Every container of the image starts here: refuse settings fit only for the demo, and Django's own security
# warnings (HSTS, secure cookies, SSL redirect...), then run the command.
set -eu
if [ "${MEETADMIN_DEMO:-false}" = "true" ]; then
    # The compose file's demo profile: Google is the emulator, which check --deploy rightly refuses.
    echo "MEETADMIN_DEMO=true: this is the demo against the Google emulator, not a deployment." >&2
    python manage.py check --fail-level WARNING
else
    python manage.py check --deploy --fail-level WARNING
fi
exec "$@"
