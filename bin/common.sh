# Shared by bin/setup, bin/run and bin/test.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "Need root to run: $*" >&2; return 1; fi
}

apt_install() {  # apt_install PACKAGE...: installs the Debian packages not yet present
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing system packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

find_python() {  # a Python >= 3.12: python3.12, pyenv's 3.12 (.python-version), or python3
  local candidates=(python3.12 python3.13 python3)
  if command -v pyenv >/dev/null; then
    for dir in "$(pyenv root)"/versions/3.1[2-9]*; do [ -x "$dir/bin/python" ] && candidates=("$dir/bin/python" "${candidates[@]}"); done
  fi
  for candidate in "${candidates[@]}"; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  echo "Python 3.12 or newer is needed (pyenv install 3.12, or apt-get install python3.12)." >&2
  return 1
}

ensure_venv() {  # ensure_venv REQUIREMENTS_FILE
  local requirements=$1 stamp="$VENV/.installed-$(basename "$1")"
  if [ ! -x "$PY" ]; then
    say "Creating the virtual environment (.venv)"
    "$(find_python)" -m venv "$VENV"
    "$PY" -m pip install -q --upgrade pip
  fi
  if [ ! -f "$stamp" ] || [ "$requirements" -nt "$stamp" ] || [ requirements.txt -nt "$stamp" ]; then
    say "Installing Python packages ($requirements)"
    "$PY" -m pip install -q -r "$requirements"
    touch "$stamp"
  fi
}

ensure_weasyprint_libraries() {  # pango, harfbuzz and fonts, when the machine lacks them
  if ! "$PY" -c 'import weasyprint' >/dev/null 2>&1; then
    apt_install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
  fi
}
