#!/usr/bin/env bash
# What a host installs, built from this tree:
#   OUTDIR/hbc-amd64/hbc, OUTDIR/hbc-arm64/hbc   hbc as Native AOT, linked against glibc 2.31 (Debian 11's, through
#                                               the sysroots of scripts/sysroot.sh): it runs on glibc 2.28 and newer
#   OUTDIR/hbd-amd64/                           hbd self-contained: Debian and Ubuntu package no .NET 10 runtime
#   OUTDIR/hbc_VERSION_amd64.deb, hbc_VERSION_arm64.deb, hbd_VERSION_amd64.deb   (scripts/build-deb.sh)
# Needs clang, lld, llvm (llvm-objcopy), dpkg-dev's tools and network access to the Debian mirror for the sysroots,
# which are kept under $HBD_SYSROOT_CACHE (default ~/.cache/hbd/sysroots).
# Usage: scripts/build-packages.sh OUTDIR
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
cd "$(dirname "$0")/.."
out=$(realpath -m "$1")
sysroots=${HBD_SYSROOT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hbd/sysroots}
# No build servers left behind holding the caller's pipes (a test waits for this script's output to close).
dotnet_options=(-c Release -nologo -v quiet -nodeReuse:false -p:UseSharedCompilation=false)

rid_of() { case "$1" in amd64) echo linux-x64 ;; arm64) echo linux-arm64 ;; esac; }

for arch in amd64 arm64; do
  scripts/sysroot.sh "$arch" "$sysroots/bullseye-$arch"
  rm -rf "$out/hbc-$arch"
  dotnet publish src/Hbd.Client -r "$(rid_of "$arch")" -p:PublishAot=true -p:SysRoot="$sysroots/bullseye-$arch" \
    -o "$out/hbc-$arch" "${dotnet_options[@]}"
done

rm -rf "$out/hbd-amd64"
# English messages only: no satellite assemblies (symbols and API docs are left out by build-deb.sh).
dotnet publish src/Hbd.Server -r linux-x64 --self-contained -p:SatelliteResourceLanguages=en -o "$out/hbd-amd64" \
  "${dotnet_options[@]}"

version=$("$out/hbc-amd64/hbc" --version)
scripts/build-deb.sh hbc amd64 "$version" "$out/hbc-amd64" "$out"
scripts/build-deb.sh hbc arm64 "$version" "$out/hbc-arm64" "$out"
scripts/build-deb.sh hbd amd64 "$version" "$out/hbd-amd64" "$out"
