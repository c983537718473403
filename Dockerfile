# syntax=docker/dockerfile:1
#
# The intake bot: one process per container.
#
#   docker build -t intake-bot:local .
#   docker run --rm intake-bot:local --help
#
# Nothing secret is baked in. BOT_TOKEN, WEBHOOK_SECRET, the database password and the data key come at
# run time (an env file and a Docker secret: see compose.yaml and README, "Running in production").
# The image runs as uid/gid 10001; a key file mounted into it must be owned by 10001 with mode 0600.

ARG PYTHON_IMAGE=python:3.11-slim

# --- build: the package and its runtime dependencies into a virtualenv (no [test] extra) ---------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/intake-bot
WORKDIR /src
# only what the package is built from (pyproject.toml names README.md as its long description)
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY dialogs ./dialogs
COPY locales ./locales
RUN /opt/intake-bot/bin/pip install .

# --- runtime ------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE}

RUN groupadd --system --gid 10001 intake-bot \
 && useradd --system --uid 10001 --gid intake-bot --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin intake-bot \
 && install -d -m 0700 -o intake-bot -g intake-bot /data

COPY --from=build /opt/intake-bot /opt/intake-bot

# DATABASE_URL: SQLite in the /data volume, for one organization with exactly one process. A region sets
# DATABASE_URL to PostgreSQL and REDIS_URL (compose.yaml does). Without INTAKE_KEY_FILE or INTAKE_DATA_KEY the
# key file is created next to the database, /data/intake.key, i.e. in the same volume as the data: in
# production mount the key as a secret file instead (INTAKE_KEY_FILE=/run/secrets/intake_data_key) so that a
# copy of the volume holds no key.
ENV PATH=/opt/intake-bot/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DATABASE_URL=sqlite+aiosqlite:////data/intake.db \
    WEBHOOK_LISTEN=0.0.0.0:8080

USER 10001:10001
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080

# GET /health on the webhook server (200 when the database and Redis answer, 503 otherwise). python:slim has
# no curl, so urllib, without any HTTP(S)_PROXY of the environment. The port is the one in WEBHOOK_LISTEN.
# Without WEBHOOK_URL the container is not serving a webhook (`run`, `db upgrade`, ...): nothing to check.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request as u; os.environ.get('WEBHOOK_URL') or sys.exit(0); port = os.environ.get('WEBHOOK_LISTEN', '0.0.0.0:8080').rpartition(':')[2]; u.build_opener(u.ProxyHandler({})).open(f'http://127.0.0.1:{port}/health', timeout=4)"]

# SIGTERM: the bot stops taking requests and finishes the updates in flight (up to 30 s); give it 40 s
# (`docker run --stop-timeout 40`, compose `stop_grace_period: 40s`).
STOPSIGNAL SIGTERM
ENTRYPOINT ["intake-bot"]
CMD ["webhook"]
