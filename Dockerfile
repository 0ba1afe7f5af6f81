# syntax=docker/dockerfile:1
# The qyzmet image: one image for the three roles docker-compose.yml gives it by its command:
#   qyzmet db upgrade (migrate), qyzmet serve (web: REST, web chat, Telegram webhook, voice line),
#   qyzmet bot (Telegram long polling).
# builder: /opt/venv from constraints.txt, the built-in NLU model from what it is made of, then the rest of
#          the project and what is generated from it (the compiled catalogs, the bytecode); runtime:
#          python:3.11-slim with espeak-ng, the venv, the source, the Kazakh prompts spoken at build time, run
#          as the user qyzmet. No secret is built in: they all come from the environment (.env.example).

FROM python:3.11-slim-bookworm AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv
WORKDIR /app
# The dependencies alone first, read from pyproject.toml: this slow layer (~700 MB installed) is reused
# until pyproject.toml or constraints.txt change, however the code changes.
COPY pyproject.toml constraints.txt ./
RUN python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
print('\n'.join(p['dependencies'] + p['optional-dependencies']['postgres']))" > /tmp/requirements.txt \
 && pip install --no-cache-dir -c constraints.txt -r /tmp/requirements.txt
# The built-in NLU model next, from its inputs alone, so that this slow layer (training takes ~80 s on two
# cores) is reused until they change, not with every change elsewhere (a channel, the README): nlu/ (the
# training data and code) and knowledge/ (the sources, and the parser that makes the standards' titles the
# model is trained on, from a knowledge base built here as `qyzmet db upgrade` builds the stack's, so that a
# worker finds the model up to date and loads it). It calls the functions `qyzmet nlu train` calls, as that
# command imports every channel, which are not copied yet. The knowledge base made for it is not kept.
COPY knowledge/ knowledge/
COPY nlu/ nlu/
RUN python -c "from nlu.builtin import train_and_save; from nlu.services import knowledge_titles; \
train_and_save(knowledge_titles('sqlite:////tmp/kb.sqlite3'))" \
 && rm -f /tmp/kb.sqlite3*
COPY . .
# The project itself, editable: its modules stay in /app and find var/ beside them (the NLU model, the
# voice prompts, the SQLite default) as in a checkout. Then the catalogs (*.mo are not in git) and the
# bytecode (the runtime cannot write /app); var/ is moved out to be the user's.
RUN pip install --no-cache-dir --no-deps -e . \
 && pybabel -q compile -d locales -D messages \
 && python -m compileall -q qyzmet knowledge nlu dialogs bot ivr web locales \
 && mkdir -p var/voice/cache \
 && mv var /var-qyzmet

FROM python:3.11-slim-bookworm AS runtime
# espeak-ng speaks the voice line's Kazakh (Twilio has no Kazakh voice); nothing else is needed beyond Python.
RUN apt-get update \
 && apt-get install -y --no-install-recommends espeak-ng \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 qyzmet \
 && useradd --system --uid 10001 --gid qyzmet --home-dir /app --no-create-home --shell /usr/sbin/nologin qyzmet
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1
COPY --from=builder /opt/venv /opt/venv
# The code is root's and read-only to the server; var/ is the server's (audio made on demand, a model
# retrained if the knowledge base ever differs). var/voice/cache is where compose mounts the shared volume.
COPY --from=builder /app /app
COPY --from=builder --chown=qyzmet:qyzmet /var-qyzmet /app/var
WORKDIR /app
USER 10001:10001
# The fixed Kazakh prompts (50, ~5 s), spoken once here rather than while the first callers wait.
RUN qyzmet voice prompts
EXPOSE 8080
# Healthy when /health answers 200 (ok, or degraded with Redis or Rasa down); 503 (the database is down)
# or no answer is unhealthy. `qyzmet bot` has no HTTP port: compose gives it a check of its own.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/health', timeout=4)"]
CMD ["qyzmet", "serve", "--host", "0.0.0.0", "--port", "8080"]
