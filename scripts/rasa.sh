#!/usr/bin/env bash
# Rasa Open Source 3.6 — the alternative NLU backend — in its own Python 3.10
# environment: it cannot share ours (it pins aiogram 2, SQLAlchemy 1.4, Python < 3.11;
# ../shared/notes/feasibility.md). Everything lands in a cache outside the checkout,
# keyed by what it was built from, so CI and later runs reuse it.
#
#   scripts/rasa.sh env     build the environment (once: ~2.7 GB, ~1.5 min)
#   scripts/rasa.sh train   train the NLU model on nlu/data/train (skipped if up to date)
#   scripts/rasa.sh model   print the trained model's path (venv: the environment's)
#   scripts/rasa.sh serve   serve it on loopback: RASA_PORT (5005), /model/parse
set -euo pipefail
cd "$(dirname "$0")/.."

RASA_VERSION=3.6.21
CACHE="${QYZMET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/qyzmet}"
ENV_KEY=$(cat nlu/rasa-constraints.txt | sha256sum | cut -c1-12)
VENV="${RASA_VENV:-$CACHE/rasa-$RASA_VERSION-$ENV_KEY}"
MODELS="$CACHE/rasa-models"
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2

python310() {
    if [ -n "${PYTHON310:-}" ]; then echo "$PYTHON310"; return; fi
    if python3.10 --version >/dev/null 2>&1; then command -v python3.10; return; fi
    for p in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10.*/bin/python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10; do
        if [ -x "$p" ]; then echo "$p"; return; fi
    done
    echo "Rasa 3.6 needs Python 3.10 and none was found (tried python3.10, pyenv, /usr/bin); set PYTHON310=/path/to/python3.10" >&2
    exit 3
}

model_key() {
    cat nlu/config.yml nlu/domain.yml $(find nlu/data/train -name '*.yml' | LC_ALL=C sort) | sha256sum | cut -c1-12
}

model_path() { echo "$MODELS/qyzmet-nlu-$ENV_KEY-$(model_key).tar.gz"; }

cmd_env() {
    # .complete is written last: an interrupted install is rebuilt, never half-used
    if [ -f "$VENV/.complete" ]; then
        echo "Rasa $RASA_VERSION environment: $VENV (cached)"
        return
    fi
    local py; py=$(python310)
    echo "building the Rasa $RASA_VERSION environment in $VENV with $py"
    rm -rf "$VENV"
    mkdir -p "$CACHE"
    "$py" -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q -c nlu/rasa-constraints.txt --upgrade pip
    "$VENV/bin/pip" install -q -c nlu/rasa-constraints.txt "rasa==$RASA_VERSION"
    "$VENV/bin/rasa" --version >/dev/null
    touch "$VENV/.complete"
    echo "Rasa environment ready: $VENV"
}

cmd_train() {
    cmd_env >/dev/null
    local out; out=$(model_path)
    if [ -f "$out" ]; then echo "$out"; return; fi
    mkdir -p "$MODELS"
    local name; name=$(basename "$out" .tar.gz)
    (cd "$CACHE" && "$VENV/bin/rasa" train nlu --config "$OLDPWD/nlu/config.yml" --nlu "$OLDPWD/nlu/data/train" \
        --domain "$OLDPWD/nlu/domain.yml" --out "$MODELS" --fixed-model-name "$name" >&2)
    echo "$out"
}

cmd_serve() {
    local model; model=$(cmd_train)
    cd "$CACHE"
    exec "$VENV/bin/rasa" run --enable-api -m "$model" -i 127.0.0.1 -p "${RASA_PORT:-5005}"
}

case "${1:-}" in
    env) cmd_env ;;
    train) cmd_train ;;
    model) model_path ;;
    venv) echo "$VENV" ;;
    serve) cmd_serve ;;
    *) echo "usage: $0 env|train|model|venv|serve" >&2; exit 2 ;;
esac
