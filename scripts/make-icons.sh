#!/usr/bin/env bash
# Owns the app's PNG icons: renders public/icons/icon.svg to the sizes the web app manifest and iOS need.
# Run by hand after changing icon.svg (needs rsvg-convert from librsvg2-bin; optipng is used if present).
set -euo pipefail
cd "$(dirname "$0")/../public/icons"

if ! command -v rsvg-convert >/dev/null; then
  echo "rsvg-convert is missing: install it with 'apt-get install -y librsvg2-bin'." >&2
  exit 1
fi

bg='#0f5c4d'
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# The artwork between the art markers of icon.svg, reused unchanged in the full-bleed variants.
art="$(sed -n '/<!-- art -->/,/<!-- \/art -->/p' icon.svg)"

# Maskable: full-bleed background, artwork shrunk into the central safe zone (a circle of 40% radius).
cat >"$tmp/maskable.svg" <<SVG
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
<rect width="512" height="512" fill="$bg"/>
<g transform="translate(256 262) scale(0.8) translate(-256 -277)">$art</g>
</svg>
SVG
# iOS rounds the corners itself and shows transparency as black, so: square, opaque, a little margin.
cat >"$tmp/apple.svg" <<SVG
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
<rect width="512" height="512" fill="$bg"/>
<g transform="translate(256 262) scale(0.9) translate(-256 -277)">$art</g>
</svg>
SVG

# The page's favicon: a PNG, not the SVG, which a browser renders on the page's main thread as a whole SVG document
# (some 60 ms on a first visit on this machine, several times that on a cheap phone). 48 px: a 16 px icon at 3x.
rsvg-convert -w 48 -h 48 icon.svg -o favicon-48.png
rsvg-convert -w 192 -h 192 icon.svg -o icon-192.png
rsvg-convert -w 512 -h 512 icon.svg -o icon-512.png
rsvg-convert -w 192 -h 192 "$tmp/maskable.svg" -o maskable-192.png
rsvg-convert -w 512 -h 512 "$tmp/maskable.svg" -o maskable-512.png
rsvg-convert -w 180 -h 180 -b "$bg" "$tmp/apple.svg" -o apple-touch-icon.png

if command -v optipng >/dev/null; then
  optipng -quiet -o7 -strip all favicon-48.png icon-192.png icon-512.png maskable-192.png maskable-512.png apple-touch-icon.png
fi
ls -l icon.svg ./*.png
