#!/usr/bin/env bash
# Runs the real app under Xvfb on a fresh demo company and photographs it
# in English and Spanish: every screen, a client's 360° view and the
# dialogs a new user meets first (client picker, a 60-instalment payment
# plan, the outbox's confirmation, a reminder level refused), at 1200×760
# for the README (docs/screenshots/NAME-LANG.png) and at 1024×640 and
# 1920×1080 (docs/screenshots/tour/, not kept in git). The app walks the
# screens itself (CARTERA_TOUR), writes each picture from its own window
# and quits; the script waits for it before cleaning up, and says if a
# screen made the window grow. Usage: make screenshots
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-./cartera}
OUT=docs/screenshots
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT/tour" "$WORK/data" "$WORK/in"
cp importers/testdata/spanish.xlsx "$WORK/in/"
"$BIN" demo --out "$WORK/data/demo.cartera" >/dev/null

status=0
for l in en es; do
  cfg="$WORK/cfg-$l"
  mkdir -p "$cfg/fyne/app.cartera.desktop"
  printf '{"screen":0,"windowWidth":1200,"windowHeight":760}' > "$cfg/fyne/app.cartera.desktop/preferences.json"
  # The app quits by itself at the end of the tour; timeout is a safety net.
  CARTERA_DATA_DIR="$WORK/data" XDG_CONFIG_HOME="$cfg" LANG=C.UTF-8 \
    CARTERA_TOUR="$PWD/$OUT" CARTERA_TOUR_IMPORT="$WORK/in/spanish.xlsx" \
    timeout 600 xvfb-run -a -s "-screen 0 1920x1080x24" "$BIN" --lang "$l" --db "$WORK/data/demo.cartera" \
    2>"$WORK/log-$l.txt" || { echo "screenshots: the app failed in $l:"; cat "$WORK/log-$l.txt"; status=1; }
  grep -h "after launch\|tour:" "$WORK/log-$l.txt" || true
done
ls -1 "$OUT" "$OUT/tour" | wc -l | xargs echo "screenshots: pictures in $OUT:"
exit $status
