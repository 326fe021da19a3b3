#!/usr/bin/env bash
# Makes the fonts the PDFs embed: DejaVu Sans and DejaVu Sans Bold (Debian's
# fonts-dejavu-core), cut down to the Latin letters, digits and signs Spanish
# and English statements use (about a tenth of the full font), without
# hinting. gofpdf parses the whole font file for every document, so a small
# file makes every PDF faster. Needs fonttools (apt install python3-fonttools).
set -euo pipefail
cd "$(dirname "$0")"
SRC=${SRC:-/usr/share/fonts/truetype/dejavu}
RANGES="U+0020-007E,U+00A0-017F,U+0218-021B,U+2010-2027,U+2030,U+2039-203A,U+20AC,U+2122,U+2190-2193,U+2212,U+25B2,U+25BC"
for f in DejaVuSans DejaVuSans-Bold; do
  /usr/bin/python3 -m fontTools.subset "$SRC/$f.ttf" --unicodes="$RANGES" --no-hinting --desubroutinize \
    --layout-features='' --name-IDs='*' --name-legacy --output-file="$f.ttf"
done
ls -l *.ttf
