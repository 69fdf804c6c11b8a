#!/usr/bin/env bash
# Finds, or installs, the programs the tests drive, before Maven runs them (bound to the
# process-test-classes phase of `./mvnw test`; see pom.xml):
#   - moto_server of moto 5.2.1 (the AWS tests): on PATH, or else pip-installed into a virtual
#     environment under TOOLS_DIR, which later runs reuse;
#   - Chromium and ChromeDriver (the HTML report tests): on PATH, or else Debian's chromium and
#     chromium-driver packages, installed with apt-get when this runs as root;
#   - LibreOffice's soffice and poppler's pdftotext (the workbook print test): on PATH, or else
#     Debian's libreoffice-calc-nogui and poppler-utils packages, installed the same way.
# It writes TOOLS_DIR/test-tools.properties, which surefire hands to the tests as system
# properties. What it can neither find nor install stops the build before the tests, with one
# line that names what to install: a test never skips because a tool is missing.
#
# Usage: build/test-tools.sh TOOLS_DIR   (environment: SKIP_TESTS, MAVEN_TEST_SKIP from Maven)
set -euo pipefail

tools=${1:?usage: build/test-tools.sh TOOLS_DIR}
# -DskipTests / -Dmaven.test.skip: no tests, so nothing to set up (keeps `package` fast).
if [[ ${SKIP_TESTS:-false} == true || ${MAVEN_TEST_SKIP:-false} == true ]]; then
  exit 0
fi

moto_version_wanted=5.2.1
moto_requirement="moto[server]==$moto_version_wanted"
venv=$tools/moto-venv
venv_ready=$venv/.installed-$moto_version_wanted

mkdir -p "$tools"

say() { echo "test tools: $*"; }
fail() {
  echo "test tools: ERROR: $*" >&2
  exit 1
}

# The moto version that the moto_server script at $1 runs, or nothing when it cannot be told:
# moto_server has no --version, so ask the Python named on its first line.
moto_version() {
  local interpreter
  IFS= read -r interpreter <"$1" || return 0
  [[ $interpreter == '#!'*python* ]] || return 0
  # word splitting is wanted: the line may be "#!/usr/bin/env python3"
  ${interpreter#'#!'} -c 'import importlib.metadata as m; print(m.version("moto"))' 2>/dev/null || true
}

find_moto() {
  local exe version why="moto_server is not on PATH"
  if exe=$(command -v moto_server); then
    # pyenv's shim is a shell script: take the moto_server it runs.
    if [[ $exe == */shims/moto_server ]] && command -v pyenv >/dev/null 2>&1; then
      exe=$(pyenv which moto_server 2>/dev/null) || exe=$(command -v moto_server)
    fi
    version=$(moto_version "$exe")
    if [[ $version == "$moto_version_wanted" ]]; then
      moto_server=$exe
      say "moto $version: $moto_server"
      return
    elif [[ -z $version ]]; then
      # Not silent: the line says what was not checked.
      moto_server=$exe
      say "moto (version unknown, the tests expect $moto_version_wanted): $moto_server"
      return
    fi
    why="moto_server on PATH ($exe) is moto $version, not $moto_version_wanted"
  fi
  if [[ -f $venv_ready && -x $venv/bin/moto_server ]]; then
    moto_server=$venv/bin/moto_server
    say "moto $moto_version_wanted: $moto_server (installed by an earlier run)"
    return
  fi
  install_moto "$why"
}

install_moto() {
  local why=$1 log=$tools/moto-venv.log python
  local todo="install it with  pip install '$moto_requirement'  so that moto_server is on PATH"
  python=$(command -v python3) || fail "$why, and there is no python3 to install it with: $todo"
  say "$why; installing $moto_requirement into $venv (log: $log)"
  rm -rf "$venv" # a venv whose install failed half-way is not reused
  "$python" -m venv "$venv" >"$log" 2>&1 ||
    fail "$why, and '$python -m venv' failed (see $log): install Debian's python3-venv, or $todo"
  "$venv/bin/python" -m pip install --disable-pip-version-check "$moto_requirement" >>"$log" 2>&1 ||
    fail "$why, and pip could not install $moto_requirement into $venv (see $log): $todo"
  touch "$venv_ready"
  moto_server=$venv/bin/moto_server
  say "moto $(moto_version "$moto_server"): $moto_server"
}

find_chromium() {
  chromium=$(command -v chromium || true)
  chromedriver=$(command -v chromedriver || true)
  [[ -n $chromium && -n $chromedriver ]] || install_chromium
  say "$("$chromium" --version 2>/dev/null): $chromium"
  say "$("$chromedriver" --version 2>/dev/null | cut -d' ' -f1-2): $chromedriver"
}

install_chromium() {
  local log=$tools/apt.log
  local todo="install Debian's packages chromium and chromium-driver (as root: apt-get update && apt-get install -y chromium chromium-driver)"
  local missing
  if [[ -z $chromium && -z $chromedriver ]]; then
    missing="chromium and chromedriver are not on PATH"
  elif [[ -z $chromium ]]; then
    missing="chromium is not on PATH"
  else
    missing="chromedriver is not on PATH"
  fi
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    fail "$missing, and installing the packages needs root and apt-get: $todo"
  fi
  say "$missing; installing Debian's chromium and chromium-driver with apt-get (log: $log)"
  # Another build may hold the dpkg lock: wait for it rather than fail.
  { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -q &&
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends \
      chromium chromium-driver; } >"$log" 2>&1 ||
    fail "$missing, and apt-get could not install it (see $log): $todo"
  chromium=$(command -v chromium) && chromedriver=$(command -v chromedriver) ||
    fail "chromium and chromium-driver are installed but not on PATH: $todo"
}

# soffice (LibreOffice) prints the workbook to PDF; pdftotext reads the PDF's pages back.
find_libreoffice() {
  soffice=$(command -v soffice || true)
  pdftotext=$(command -v pdftotext || true)
  [[ -n $soffice && -n $pdftotext ]] || install_libreoffice
  say "$("$soffice" --version 2>/dev/null | head -n 1): $soffice"
  say "$("$pdftotext" -v 2>&1 | head -n 1): $pdftotext"
}

install_libreoffice() {
  local log=$tools/apt-libreoffice.log
  local todo="install Debian's packages libreoffice-calc-nogui and poppler-utils (as root: apt-get update && apt-get install -y libreoffice-calc-nogui poppler-utils)"
  local missing
  if [[ -z $soffice && -z $pdftotext ]]; then
    missing="soffice and pdftotext are not on PATH"
  elif [[ -z $soffice ]]; then
    missing="soffice is not on PATH"
  else
    missing="pdftotext is not on PATH"
  fi
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    fail "$missing, and installing the packages needs root and apt-get: $todo"
  fi
  say "$missing; installing Debian's libreoffice-calc-nogui and poppler-utils with apt-get (log: $log)"
  { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -q &&
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends \
      libreoffice-calc-nogui poppler-utils; } >"$log" 2>&1 ||
    fail "$missing, and apt-get could not install it (see $log): $todo"
  soffice=$(command -v soffice) && pdftotext=$(command -v pdftotext) ||
    fail "libreoffice-calc-nogui and poppler-utils are installed but soffice or pdftotext is not on PATH: $todo"
}

find_chromium
find_libreoffice
find_moto

# Surefire reads this file into system properties (pom.xml, systemPropertiesFile); see
# dev.idaudit.testing.TestTools.
cat >"$tools/test-tools.properties" <<EOF
idaudit.test.moto_server=$moto_server
idaudit.test.chromium=$chromium
idaudit.test.chromedriver=$chromedriver
idaudit.test.soffice=$soffice
idaudit.test.pdftotext=$pdftotext
EOF
