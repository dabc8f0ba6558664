#!/bin/sh
# make-icc.sh DATA.ti3 OUT.icc INK_LIMIT DESCRIPTION
# Makes a CMYK ICC profile from a printing condition's characterisation data
# (Debian's icc-profiles-free ships FOGRA39L.ti3, TR003.ti3 ...) with
# ArgyllCMS's colprof: low quality (-ql, a few seconds; the profile only
# converts RGB artwork), black generation "r" (ramp), total ink limited to
# INK_LIMIT percent and black to 95 %. colprof writes the time into the
# profile's header; it is set to 2000-01-01 00:00:00 so that two builds
# give the same bytes. Run by the build (CMakeLists.txt), once.
set -eu
data=$1 out=$2 limit=$3 desc=$4
command -v colprof >/dev/null || { echo "make-icc.sh: colprof not found (Debian package 'argyll')" >&2; exit 1; }
[ -r "$data" ] || { echo "make-icc.sh: '$data' not found (Debian package 'icc-profiles-free')" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
stem=$(basename "$data" .ti3)
cp "$data" "$tmp/$stem.ti3"
(cd "$tmp" && colprof -ql -kr -l"$limit" -L95 -D "$desc" -C "made by deckpress from $stem.ti3 with ArgyllCMS colprof" "$stem" >/dev/null)
# the header's date and time (ICC.1 7.2.8: six big-endian 16-bit numbers at byte 24)
printf '\007\320\000\001\000\001\000\000\000\000\000\000' |
	dd of="$tmp/$stem.icc" bs=1 seek=24 conv=notrunc 2>/dev/null
mkdir -p "$(dirname "$out")"
mv "$tmp/$stem.icc" "$out.tmp"
mv "$out.tmp" "$out"
