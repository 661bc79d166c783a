# meetadmin's one image: docker-compose.yml runs web (gunicorn), worker and beat from it, and the demo profile's
# emulator. Two stages: the first builds the virtualenv (with a compiler, for any dependency without a wheel); the
# final one copies only the virtualenv and the code onto a slim base, and runs as an unprivileged user.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
    && apt-get install --yes --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
# Only the production set (requirements/production.txt): every package pinned and checked against its hashes; the
# test tools and the embedded servers of the demo live in the development set and never reach the image.
COPY requirements/production.txt /tmp/requirements.txt
RUN /opt/venv/bin/pip install --require-hashes --requirement /tmp/requirements.txt

FROM ${PYTHON_IMAGE} AS final
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=meetadmin.settings \
    GUNICORN_BIND=0.0.0.0:8000
RUN groupadd --system --gid 10001 meetadmin \
    && useradd --system --uid 10001 --gid meetadmin --home-dir /app --no-create-home --shell /usr/sbin/nologin meetadmin
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# The code and the collected static files belong to root: the app can read them and change none of them.
COPY . /app
# Hashed, compressed static files for whitenoise. Settings need a secret key to load; this one exists only here.
RUN SECRET_KEY=collectstatic-at-build-time-only python manage.py collectstatic --no-input --verbosity 0
USER meetadmin
EXPOSE 8000
# Refuses to start with settings fit only for the demo (manage.py check --deploy), then runs the command.
ENTRYPOINT ["/app/deploy/entrypoint.sh"]
CMD ["gunicorn", "--config", "meetadmin/gunicorn.conf.py", "meetadmin.wsgi"]
