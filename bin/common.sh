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

find_python() {  # the Python that .python-version names (3.12): pyenv's, python3.12, or python3 if it is that one
  local wanted minor candidates=() dir
  wanted=$(tr -d '[:space:]' 2>/dev/null < .python-version || true)
  wanted=${wanted:-3.12}
  minor=$(echo "$wanted" | cut -d. -f1,2)
  if command -v pyenv >/dev/null; then  # the newest installed release of that version first
    for dir in $(ls -d "$(pyenv root)/versions/$wanted"* 2>/dev/null | sort -rV); do candidates+=("$dir/bin/python"); done
  fi
  candidates+=("python$minor" python3)
  for candidate in "${candidates[@]}"; do
    if command -v "$candidate" >/dev/null \
      && [ "$("$candidate" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" = "$minor" ]; then
      command -v "$candidate"; return 0
    fi
  done
  echo "Python $minor is needed (.python-version): pyenv install $minor, or apt-get install python$minor." >&2
  return 1
}

ensure_venv() {  # ensure_venv REQUIREMENTS_FILE
  local requirements=$1 stamp="$VENV/.installed-$(basename "$1")"
  if [ ! -x "$PY" ]; then
    say "Creating the virtual environment (.venv)"
    "$(find_python)" -m venv "$VENV"
    "$PY" -m pip install -q --upgrade pip
  fi
  local wanted have
  wanted=$(tr -d '[:space:]' 2>/dev/null < .python-version | cut -d. -f1,2 || true)
  have=$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  if [ -n "$wanted" ] && [ "$have" != "$wanted" ]; then  # made before .python-version was honoured
    say "Note: .venv runs Python $have, .python-version names $wanted (remove .venv to rebuild it)"
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
