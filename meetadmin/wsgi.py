import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from meetadmin.database import use_statement_timeout

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meetadmin.settings")
application = get_wsgi_application()

# Requests run under the web's statement timeout (settings, DATABASES), as workers run under theirs
# (meetadmin/celery.py); `manage.py` commands, `migrate` among them, may rightly run longer statements.
use_statement_timeout(settings.DATABASE_STATEMENT_TIMEOUT)
