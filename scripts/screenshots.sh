#!/usr/bin/env bash
# Runs the real app under Xvfb on a fresh demo company and writes PNGs of
# the dashboard, the worklist, a client's 360° view, the bank reconciliation,
# the outbox and the import wizard, in English and Spanish, into
# docs/screenshots/. Keys and clicks go through xdotool: Ctrl+1…8 switch
# screens, Ctrl+I imports. Usage: make screenshots
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-./cartera}
OUT=docs/screenshots
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT" "$WORK/data" "$WORK/in"
cp importers/testdata/spanish.xlsx "$WORK/in/"
"$BIN" demo --out "$WORK/data/demo.cartera" >/dev/null

shoot() { # language
  local l=$1 cfg="$WORK/cfg-$1" plan="620 357"
  [ "$l" = es ] && plan="700 357" # the client's "Payment plan…" button
  mkdir -p "$cfg/fyne/app.cartera.desktop"
  # Start on the dashboard; the import dialog opens in the folder with the sample.
  printf '{"screen":0,"importFolder":"%s","windowWidth":1200,"windowHeight":760}' "$WORK/in" \
    > "$cfg/fyne/app.cartera.desktop/preferences.json"
  cat > "$WORK/run.sh" <<SH
set -e
export CARTERA_DATA_DIR="$WORK/data" XDG_CONFIG_HOME="$cfg" LANG=C.UTF-8
"$BIN" --lang $l --db "$WORK/data/demo.cartera" 2>"$WORK/log-$l.txt" &
pid=\$!
shot() { sleep "\$2"; import -window root -crop 1200x760+0+0 +repage "$OUT/\$1-$l.png"; }
key() { xdotool key --clearmodifiers "\$1"; }
click() { xdotool mousemove "\$1" "\$2" click 1; }
shot dashboard 8
key ctrl+6; shot worklist 4
key ctrl+2; sleep 2; click 450 225; shot client 3
key ctrl+5; shot bank 3
key ctrl+7; shot outbox 4
key ctrl+1; sleep 2; key ctrl+i; sleep 2; click 494 240; sleep 1; click 956 637; shot import 4
kill \$pid; wait \$pid || true
# Again, for a dialog of its own: agreeing a payment plan with the first client.
"$BIN" --lang $l --db "$WORK/data/demo.cartera" 2>>"$WORK/log-$l.txt" &
pid=\$!
sleep 6; key ctrl+2; sleep 2; click 450 225; sleep 3; click $plan; shot plan 3
kill \$pid
SH
  xvfb-run -a -s "-screen 0 1280x800x24" bash "$WORK/run.sh"
  grep -h "after launch" "$WORK/log-$l.txt" || true
}

for l in en es; do shoot "$l"; done
ls -1 "$OUT"
