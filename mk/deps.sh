#!/bin/sh
# mk/deps.sh PKG... - make sure the build tools and the pkg-config packages
# named are present.  When one is missing: as root with apt-get, install the
# Debian package that provides it; otherwise print the exact command and fail.
# pkg-config name -> Debian package: gsl -> libgsl-dev, libconfig ->
# libconfig-dev, cmocka -> libcmocka-dev, sqlite3 -> libsqlite3-dev,
# cairo -> libcairo2-dev (charts: PNG, SVG, PDF), fontconfig ->
# libfontconfig-dev (cairo's fonts; released at exit for leak checkers).
# libmicrohttpd -> libmicrohttpd-dev (the classroom's HTTP server), jansson
# -> libjansson-dev (its JSON).
set -u
missing=""
command -v cc >/dev/null 2>&1 || missing="$missing build-essential"
command -v make >/dev/null 2>&1 || missing="$missing make"
command -v pkg-config >/dev/null 2>&1 || missing="$missing pkg-config"
for p in "$@"; do
  if [ "$p" = mpi ]; then
    command -v mpicc >/dev/null 2>&1 || missing="$missing libopenmpi-dev openmpi-bin"
    continue
  fi
  case "$p" in
    gsl) deb=libgsl-dev ;;
    libconfig) deb=libconfig-dev ;;
    cmocka) deb=libcmocka-dev ;;
    sqlite3) deb=libsqlite3-dev ;;
    cairo) deb=libcairo2-dev ;;
    fontconfig) deb=libfontconfig-dev ;;
    libmicrohttpd) deb=libmicrohttpd-dev ;;
    jansson) deb=libjansson-dev ;;
    *) deb="$p" ;;
  esac
  if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists "$p"; then
    missing="$missing $deb"
  fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "cybernorms: installing missing Debian packages:$missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing; } >&2 || {
    echo "cybernorms: apt-get could not install:$missing" >&2; exit 1; }
  exit 0
fi
echo "cybernorms: missing build dependencies. Install them with:" >&2
echo "  sudo apt-get install$missing" >&2
exit 1
