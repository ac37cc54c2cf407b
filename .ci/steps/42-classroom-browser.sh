#!/usr/bin/env bash
# 42-classroom-browser.sh - the classroom end to end in Debian's headless
# chromium (tests/browser/classroom.mjs, driven by puppeteer-core from npm
# over the DevTools protocol; the browser is the system's, never one
# downloaded): a teacher, three students in separate browser contexts,
# votes, messages, an injected incident, the debrief's transcript;
# screenshots in results/ci/classroom-*.png.  Installs chromium and node
# with apt-get when missing (run as root in CI).
set -euo pipefail
cd "$(dirname "$0")/../.."
need=""
command -v chromium >/dev/null 2>&1 || need="$need chromium"
command -v node >/dev/null 2>&1 || need="$need nodejs"
command -v npm >/dev/null 2>&1 || need="$need npm"
if [ -n "$need" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "classroom-browser: installing$need" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq $need >/dev/null 2>&1 || {
      apt-get update -qq >/dev/null
      apt-get install -y -qq $need >/dev/null
    }
  else
    echo "classroom-browser: missing$need; install with: sudo apt-get install$need" >&2
    exit 1
  fi
fi
[ -x build/cybernorms ] || make -s build/cybernorms
start=$(date +%s)
(cd tests/browser && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
CHROMIUM=$(command -v chromium) node tests/browser/classroom.mjs build/cybernorms
for f in classroom-student classroom-projector classroom-debrief; do
  bytes=$(wc -c < "results/ci/$f.png")
  if [ "$bytes" -lt 20000 ]; then
    echo "classroom-browser: results/ci/$f.png is only $bytes bytes: blank page?" >&2; exit 1
  fi
done
echo "classroom-browser: ok, screenshots results/ci/classroom-{student,projector,debrief}.png" \
  "($(( $(date +%s) - start ))s)"
