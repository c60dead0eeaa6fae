#!/usr/bin/env bash
# Checks the Windows installer on Linux, under wine: compiles packaging/windows/desk_app.iss with
# the Inno Setup compiler (npm package `innosetup`, pinned) and then, in a fresh Windows 10 prefix
# under one Xvfb display, installs, reinstalls and uninstalls it silently and looks at what each
# step left on the "PC" (config.ini, root certificate, registry, shortcuts, files, folders).
#   bash packaging/check_installer.sh                  against the frozen build dist/desk_app
#   bash packaging/check_installer.sh --build DIR      against another build folder
#   bash packaging/check_installer.sh --stand-in       a stand-in folder with the build's file names
#                                                      (quick local run, no PyInstaller build needed)
# .ci/run runs it against the real frozen build (packaging/build.sh), compiled with lzma2/fast
# (CHECK_COMPRESSION; the real installer uses lzma2/max) to keep CI short.
# Installs what it needs when missing (as root): wine, wine32 (i386: the compiler and the setup
# are 32-bit programs), wine64, xvfb, and innosetup@INNO_VERSION into build/innosetup.
# Not checkable under wine (IT checks them on the first desk, packaging/README.md): the
# users-modify permission of the data folder, the interactive wizard's look, SmartScreen.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
INNO_VERSION="6.4.1"
COMPRESSION="${CHECK_COMPRESSION:-lzma2/fast}"
BUILD="$ROOT/dist/desk_app"
ISS="${CHECK_ISS:-$ROOT/packaging/windows/desk_app.iss}"   # another script: to see the checks fail
STAND_IN=0
case "${1:-}" in
  --build) BUILD="$(cd "$2" && pwd)" ;;
  --stand-in) STAND_IN=1 ;;
  "") ;;
  *) echo "usage: $0 [--build DIR | --stand-in]" >&2; exit 2 ;;
esac
started=$(date +%s)
step() { echo "--- $* ($(( $(date +%s) - started )) s)"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "  ok: $*"; }

# --- tools -----------------------------------------------------------------------------------
need=()
command -v wine >/dev/null 2>&1 || need+=(wine wine64)
dpkg-query -W -f='${Status}' wine32:i386 2>/dev/null | grep -q "install ok installed" || need+=(wine32:i386)
command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
command -v xdotool >/dev/null 2>&1 || need+=(xdotool)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  step "installing ${need[*]}"
  [ "$(id -u)" -eq 0 ] || fail "missing ${need[*]}: run as root or install them"
  dpkg --print-foreign-architectures | grep -qx i386 || dpkg --add-architecture i386
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
INNO="$ROOT/build/innosetup"
ISCC="$INNO/node_modules/innosetup/bin/ISCC.exe"
if [ ! -f "$ISCC" ] || ! grep -q "\"version\": \"$INNO_VERSION\"" "$INNO/node_modules/innosetup/package.json"; then
  step "npm install innosetup@$INNO_VERSION"
  mkdir -p "$INNO"
  npm install --silent --no-audit --no-fund --prefix "$INNO" "innosetup@$INNO_VERSION" >/dev/null
fi

WORK="$(mktemp -d /tmp/desk_app-installer.XXXXXX)"
export WINEPREFIX="$WORK/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
XVFB_PID=""
cleanup() {
  local code=$?
  wineserver -k >/dev/null 2>&1 || true
  if [ $code -ne 0 ]; then   # keep the compiler's and the setups' logs for a look
    mkdir -p "$ROOT/build/check_installer-logs"
    cp "$WORK"/*.log "$ROOT/build/check_installer-logs/" 2>/dev/null || true
    echo "logs kept in build/check_installer-logs" >&2
  fi
  [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
for n in $(seq 90 140); do
  [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ] || break
done
Xvfb ":$n" -screen 0 1280x1024x24 -nolisten tcp >/dev/null 2>&1 &
XVFB_PID=$!
export DISPLAY=":$n"
winpath() { echo "Z:${1//\//\\}"; }

# --- the build folder --------------------------------------------------------------------------
if [ "$STAND_IN" = 1 ]; then
  BUILD="$WORK/stand-in"
  mkdir -p "$BUILD/_internal/desk_app/resources/fonts" "$BUILD/_internal/desk_app/migrations/versions"
  for f in desk-app.exe desk-app-cli.exe _internal/python312.dll _internal/base_library.zip \
           _internal/desk_app/resources/fonts/DejaVuSans.ttf \
           _internal/desk_app/migrations/env.py _internal/desk_app/migrations/versions/0001_initial.py; do
    echo "stand-in for $f" > "$BUILD/$f"
  done
fi
[ -f "$BUILD/desk-app-cli.exe" ] || [ -f "$BUILD/desk-app-cli" ] || fail "no build in $BUILD (bash packaging/build.sh, or --stand-in)"
echo "Build folder: $BUILD ($(find "$BUILD" -type f | wc -l) files, $(du -sh "$BUILD" | cut -f1))"

# --- compile -----------------------------------------------------------------------------------
step "compiling $(basename "$ISS") (Inno Setup $INNO_VERSION, $COMPRESSION)"
mkdir -p "$WORK/out"
set +e
wine "$ISCC" "/DBuildDir=$(winpath "$BUILD")" "/DCompression=$COMPRESSION" "/O$(winpath "$WORK/out")" \
  "$(winpath "$ISS")" >"$WORK/iscc.log" 2>&1
rc=$?
set -e
# Any Error or Warning: line (hints come as "Warning: ... [Hint]"); not the file names it lists.
if [ $rc -ne 0 ] || grep -v "^ *Compressing: " "$WORK/iscc.log" | grep -E "Error|Warning:"; then
  tail -n 20 "$WORK/iscc.log"
  fail "the compiler reported an error or a warning (exit $rc)"
fi
SETUP="$(ls "$WORK"/out/desk_app-*-setup.exe)"
ok "compiled $(basename "$SETUP"), $(du -h "$SETUP" | cut -f1), no Error or Warning line"

# --- a fresh Windows 10 prefix -----------------------------------------------------------------
step "fresh wine prefix, Windows 10"
wineboot -i >/dev/null 2>&1
wine winecfg /v win10 >/dev/null 2>&1
C="$WINEPREFIX/drive_c"
APP="$C/Program Files/Corum Belediyesi/Gonul Kapisi"
DATA="$C/ProgramData/CorumBelediyesi/desk_app"
OLDPW="$C/ProgramData/CorumBelediyesi/postgresql"
GROUP="$C/ProgramData/Microsoft/Windows/Start Menu/Programs/Gönül Kapısı"
DESKTOP_LNK="$C/users/Public/Desktop/Gönül Kapısı Ön Masa.lnk"
ENVKEY='HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\Environment'
mkdir -p "$WORK/share"
printf -- '-----BEGIN CERTIFICATE-----\nstand-in root certificate of the test\n-----END CERTIFICATE-----\n' >"$WORK/share/kok.crt"

setup() {  # setup NAME ARGS...: runs the setup silently, its log in $WORK/NAME.log
  local name="$1"; shift
  set +e
  wine "$SETUP" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART "/LOG=$(winpath "$WORK/$name.log")" "$@" >/dev/null 2>&1
  local code=$?
  set -e
  wineserver -w
  return $code
}
env_value() { wine reg query "$ENVKEY" /v "$1" 2>/dev/null | tr -d '\r' | awk -v k="$1" '$1 == k {print $3}'; }
config_is() {  # config_is 'key=value;key=value' [SECTION]: [database] (or SECTION) holds exactly these
  python3 - "$DATA/config.ini" "$1" "${2:-database}" <<'EOF'
import configparser, sys
path, want, section = sys.argv[1], sys.argv[2], sys.argv[3]
parser = configparser.ConfigParser(interpolation=None)
parser.read(path, encoding="utf-8")
have = dict(parser[section]) if parser.has_section(section) else {}
expected = dict(item.split("=", 1) for item in want.split(";") if item)
if have != expected:
    sys.exit(f"[{section}] of config.ini is {have}, expected {expected}")
EOF
}
nothing_installed() {
  [ ! -e "$C/Program Files/Corum Belediyesi" ] || fail "$1: a program folder was created"
  [ ! -e "$DATA/config.ini" ] || fail "$1: config.ini was written"
  [ -z "$(env_value DESK_APP_CONFIG)" ] || fail "$1: DESK_APP_CONFIG was set"
  grep -q "Refused" "$WORK/$1.log" || fail "$1: the setup log does not say why it stopped"
}
installed_files_match() {
  local missing
  missing="$(cd "$BUILD" && find . -type f | while read -r f; do
    cmp -s "$f" "$APP/$f" || echo "$f"; done | head -5)"
  [ -z "$missing" ] || fail "files of the build not installed as built: $missing"
  ok "every file of the build is installed ($(find "$BUILD" -type f | wc -l) files)"
}
no_password_anywhere() {
  [ ! -e "$OLDPW/pgpass.conf" ] || fail "$1: pgpass.conf is still there"
  [ ! -e "$OLDPW" ] || fail "$1: the empty postgresql folder is still there"
  [ -z "$(env_value PGPASSFILE)" ] || fail "$1: PGPASSFILE is still set"
  ! grep -rqs -i "password\s*=" "$DATA/config.ini" || fail "$1: a password in config.ini"
}

# --- refused before installing -------------------------------------------------------------------
step "refused: a bad port, verify-full without a certificate, an unknown /AUTH"
if setup bad-port /DBMODE=postgres /PGHOST=db.corum.bel.tr /PGPORT=70000 /SSLMODE=require; then
  fail "bad-port: setup succeeded"; fi
nothing_installed bad-port; ok "port 70000 refused, nothing installed"
if setup no-cert /DBMODE=postgres /PGHOST=db.corum.bel.tr /PGPORT=5432 /SSLMODE=verify-full; then
  fail "no-cert: setup succeeded"; fi
nothing_installed no-cert; ok "verify-full without a root certificate refused, nothing installed"
if setup bad-auth /DBMODE=postgres /PGHOST=db.corum.bel.tr /SSLMODE=require /AUTH=shared; then
  fail "bad-auth: setup succeeded"; fi
nothing_installed bad-auth; ok "/AUTH=shared refused, nothing installed"

# --- an upgrade from an installer that kept a shared password --------------------------------
step "upgrade over an old desk: pgpass.conf and a machine-wide PGPASSFILE"
mkdir -p "$OLDPW"
printf 'db.corum.bel.tr:5432:desk_app:desk_app:OrtakParola42\n' >"$OLDPW/pgpass.conf"
wine reg add "$ENVKEY" /v PGPASSFILE /t REG_EXPAND_SZ \
  /d 'C:\ProgramData\CorumBelediyesi\postgresql\pgpass.conf' /f >/dev/null 2>&1
[ "$(env_value PGPASSFILE)" != "" ] || fail "could not plant PGPASSFILE"

step "install: PostgreSQL, verify-full with a root certificate, Windows sign-in, desktop icon"
setup pg-full /DBMODE=postgres /PGHOST=db.corum.bel.tr /PGPORT=5433 /PGDATABASE=desk_app \
  /SSLMODE=verify-full "/SSLROOTCERT=$(winpath "$WORK/share/kok.crt")" /AUTH=sspi \
  /MERGETASKS=desktopicon || fail "pg-full: setup failed (exit $?)"
config_is "host=db.corum.bel.tr;port=5433;dbname=desk_app;sslmode=verify-full;sslrootcert=C:\\ProgramData\\CorumBelediyesi\\desk_app\\root.crt;auth=sspi"
ok "config.ini [database]: host, port, dbname, sslmode, sslrootcert, auth=sspi and nothing else"
cmp -s "$WORK/share/kok.crt" "$DATA/root.crt" || fail "root.crt is not the given certificate"
ok "root certificate copied to C:\\ProgramData\\CorumBelediyesi\\desk_app\\root.crt"
[ "$(env_value DESK_APP_CONFIG)" = 'C:\ProgramData\CorumBelediyesi\desk_app\config.ini' ] ||
  fail "DESK_APP_CONFIG is '$(env_value DESK_APP_CONFIG)'"
ok "DESK_APP_CONFIG in the registry (machine-wide)"
no_password_anywhere pg-full; ok "old pgpass.conf, its folder and PGPASSFILE removed"
for lnk in "Gönül Kapısı Ön Masa.lnk" "Gönül Kapısı kurulum denetimi.lnk" "Gönül Kapısı Ön Masa uygulamasını kaldır.lnk"; do
  [ -f "$GROUP/$lnk" ] || fail "Start menu: no $lnk (have: $(ls "$GROUP" 2>&1))"
done
[ -f "$DESKTOP_LNK" ] || fail "no desktop shortcut"
ok "Start-menu shortcuts (program, self-check, uninstall) and the desktop shortcut"
installed_files_match
grep -q "Removing the shared password file" "$WORK/pg-full.log" || fail "the log does not tell the removal"

# --- the wizard itself, up to the Ready page of a reinstall ------------------------------------
step "wizard (not silent) up to the Ready page of a reinstall, then cancelled"
set +e
wine "$SETUP" "/LOG=$(winpath "$WORK/wizard.log")" >/dev/null 2>&1 &
wizard=$!
set -e
for _ in $(seq 1 20); do   # Enter = Next, page after page; never on the Ready page itself
  sleep 3
  grep -q "Ready page: \[" "$WORK/wizard.log" 2>/dev/null && break
  xdotool key Return
done
wineserver -k >/dev/null 2>&1 || true
wait "$wizard" 2>/dev/null || true
python3 - "$WORK/wizard.log" <<'EOF'
import re, sys
log = open(sys.argv[1], encoding="utf-8-sig").read()
found = re.search(r"Ready page: \[(.*?)\]\s*$", log, re.S | re.M)
if not found:
    sys.exit("the wizard did not reach the Ready page")
lines = [re.sub(r"^ {26}", "", line).rstrip() for line in found.group(1).splitlines()]
print("  Ready page:\n" + "\n".join("    | " + line for line in lines))
if not lines[0] or not lines[-1] or any(a == b == "" for a, b in zip(lines, lines[1:])):
    sys.exit("the Ready page starts or ends with a blank line, or has two in a row")
for want in ("db.corum.bel.tr:5433/desk_app", "sslmode=verify-full", "root.crt", "SSPI", "config.ini"):
    if want not in found.group(1):
        sys.exit(f"the Ready page does not show {want}")
EOF
ok "Ready page: the previous answers, no leading, trailing or double blank lines"
[ "$(env_value DESK_APP_CONFIG)" != "" ] || fail "the cancelled wizard changed the installation"

# --- reinstall switching to the embedded database ------------------------------------------------
step "reinstall: embedded database (a pgpass.conf put back by hand goes again)"
printf '\n[desk]\nlanguage = en\n' >>"$DATA/config.ini"
mkdir -p "$OLDPW"; printf 'x:5432:desk_app:desk_app:Parola\n' >"$OLDPW/pgpass.conf"
setup embedded /DBMODE=embedded || fail "embedded: setup failed"
config_is "url=sqlite:///C:/ProgramData/CorumBelediyesi/desk_app/desk_app.sqlite3"
config_is "language=en" desk
ok "config.ini [database]: only the SQLite url; [desk] language kept"
no_password_anywhere embedded; ok "no password file, no PGPASSFILE"
[ -f "$DATA/root.crt" ] || fail "the root certificate (data) was removed"
[ -f "$DESKTOP_LNK" ] || fail "the desktop shortcut went on a reinstall"

# --- reinstall switching back to PostgreSQL, personal passwords ----------------------------------
step "reinstall: PostgreSQL, sslmode=require, personal passwords"
setup pg-require /DBMODE=postgres /PGHOST=10.20.0.5 /PGPORT=5432 /PGDATABASE=gonul_kapisi \
  /SSLMODE=require /AUTH=password || fail "pg-require: setup failed"
config_is "host=10.20.0.5;port=5432;dbname=gonul_kapisi;sslmode=require;auth=password"
ok "config.ini [database]: no url and no sslrootcert left from before"
no_password_anywhere pg-require; ok "no password file, no PGPASSFILE"
installed_files_match

# --- uninstall ------------------------------------------------------------------------------------
step "uninstall"
set +e
wine "$APP/unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART >/dev/null 2>&1
set -e
wineserver -w
for _ in $(seq 1 60); do [ -e "$APP" ] || break; sleep 1; done
[ ! -e "$C/Program Files/Corum Belediyesi" ] || fail "left behind: $(find "$C/Program Files/Corum Belediyesi" | head -5)"
ok "program folder and its parent removed"
[ ! -e "$GROUP" ] && [ ! -e "$DESKTOP_LNK" ] || fail "shortcuts left behind"
ok "shortcuts removed"
[ -z "$(env_value DESK_APP_CONFIG)" ] || fail "DESK_APP_CONFIG left in the registry"
ok "DESK_APP_CONFIG removed"
config_is "host=10.20.0.5;port=5432;dbname=gonul_kapisi;sslmode=require;auth=password"
[ -f "$DATA/root.crt" ] || fail "root.crt removed"
ok "config.ini and root.crt kept"
empty="$(find "$C/ProgramData/CorumBelediyesi" "$C/Program Files" "$C/ProgramData/Microsoft/Windows/Start Menu/Programs" -type d -empty 2>/dev/null | grep -i -E "corum|gonul|gönül" || true)"
[ -z "$empty" ] || fail "empty folders left: $empty"
ok "no empty folder left"
no_password_anywhere uninstall

echo "check_installer: OK ($(( $(date +%s) - started )) s)"
