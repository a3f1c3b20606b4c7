#!/usr/bin/env bash
# Assembles a Debian 11 (bullseye) sysroot to link the Native AOT hbc against glibc 2.31 instead of the build
# machine's, so that the binary asks for no glibc symbol newer than the sysroot has (and, with the two calls
# src/Hbd.Client/Native/glibc-compat.c pins, none newer than 2.28: RHEL 8, Debian 10, Ubuntu 20.04 and later).
# Only what the link needs: libc's startup files and stubs, libgcc. Versions pinned from bullseye's final point
# release, whose pool no longer changes (buster's, glibc 2.28, is no longer served).
# Usage: scripts/sysroot.sh amd64|arm64 DIR     (does nothing when DIR already holds this exact set)
set -euo pipefail
usage() { echo "usage: $0 amd64|arm64 DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
arch=$1
dir=$2
case "$arch" in amd64 | arm64) ;; *) usage ;; esac

glibc=2.31-13+deb11u11
gcc=10.2.1-6
packages=("libc6=$glibc" "libc6-dev=$glibc" "libgcc-s1=$gcc" "libgcc-10-dev=$gcc")
wanted="bullseye $arch ${packages[*]}"

mkdir -p "$(dirname "$dir")"
# Two builds asking for the same sysroot at once wait for each other instead of unpacking over each other.
exec 9>"$dir.lock"
flock 9
if [ -f "$dir/.hbd-sysroot" ] && [ "$(cat "$dir/.hbd-sysroot")" = "$wanted" ]; then
  exit 0
fi

# The Debian mirror this machine's apt already uses (deb822 or one-line sources), else the default one.
mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null |
  grep -v -E '^[[:space:]]*#' | grep -o -E 'https?://[^ ]+/debian/?( |$)' | head -n 1 | tr -d ' ' || true)
mirror=${mirror:-http://deb.debian.org/debian/}

# A private apt state: bullseye's index for one architecture, beside (never in) the system's sources.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${mirror%/} bullseye main" > "$work/sources.list"
apt_options=(
  -o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o Dir::State::status=/dev/null
  -o "APT::Architecture=$arch" -o "APT::Architectures=$arch" -o Debug::NoLocking=1
  -o APT::Sandbox::User=root
)
apt-get "${apt_options[@]}" -qq update
(cd "$work/debs" && apt-get "${apt_options[@]}" -qq download "${packages[@]}")

rm -rf "$dir.new"
mkdir -p "$dir.new"
for deb in "$work"/debs/*.deb; do
  dpkg-deb -x "$deb" "$dir.new"
done
# libc6-dev links some libraries absolutely (usr/lib/<triplet>/librt.so -> /lib/<triplet>/librt.so.1): followed
# as they are, the linker would take the build machine's newer libraries. Made relative, they stay in the sysroot.
find "$dir.new" -type l | while read -r link; do
  target=$(readlink "$link")
  if [ "${target#/}" != "$target" ]; then
    ln -sfnr "$dir.new$target" "$link"
  fi
done
echo "$wanted" > "$dir.new/.hbd-sysroot"
rm -rf "$dir"
mv "$dir.new" "$dir"
