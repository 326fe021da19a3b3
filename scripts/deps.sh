#!/usr/bin/env bash
# Installs what building and testing Cartera needs on Debian/Ubuntu: the C
# libraries Fyne's OpenGL driver links against, Xvfb for real-window checks,
# poppler-utils for PDF checks, and the Go modules. Packages already present
# are skipped; sudo is used only when not root. Extra packages may be named as
# arguments (make screenshots adds imagemagick and xdotool). Other systems:
# see README.md.
set -euo pipefail

PKGS="ca-certificates gcc libc6-dev pkg-config libgl-dev libx11-dev libxcursor-dev
libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev xvfb xauth poppler-utils $*"

missing=()
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "deps: missing packages (${missing[*]}) and no apt-get here; install them with your system's package manager (see README.md)." >&2
    exit 1
  fi
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "deps: system packages present"
fi

if ! command -v go >/dev/null 2>&1; then
  echo "deps: Go is not installed. Install Go 1.21 or newer from https://go.dev/dl (Go then fetches the 1.26 toolchain this module needs by itself)." >&2
  exit 1
fi
go mod download
