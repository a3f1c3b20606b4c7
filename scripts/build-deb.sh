#!/usr/bin/env bash
# One Debian package from a published program: hbc (the Native AOT binary) or hbd (a self-contained
# publish), with its systemd unit from deploy/, its config in /etc as a conffile and the maintainer
# scripts of deploy/debian/. Built with dpkg-deb alone: the programs are built by dotnet, not by a
# Debian source package.
# Usage: scripts/build-deb.sh hbc|hbd amd64|arm64 VERSION PUBLISH_DIR OUTDIR   (prints the .deb's path)
set -euo pipefail
usage() { echo "usage: $0 hbc|hbd amd64|arm64 VERSION PUBLISH_DIR OUTDIR" >&2; exit 2; }
[ $# -eq 5 ] || usage
package=$1 arch=$2 version=$3 publish=$4 out=$5
case "$package" in hbc | hbd) ;; *) usage ;; esac
case "$arch" in amd64 | arm64) ;; *) usage ;; esac
cd "$(dirname "$0")/.."
debian=deploy/debian

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
chmod 0755 "$root"

case "$package" in
  hbc)
    install -D -m 0755 "$publish/hbc" "$root/usr/bin/hbc"
    conffile=/etc/hb.yaml
    ;;
  hbd)
    # The whole self-contained folder, less what only a debugger or a tracer uses: symbols, API docs, and
    # the LTTng provider (it needs liblttng-ust, which the runtime loads only when present).
    mkdir -p "$root/usr/lib/hbd" "$root/usr/bin"
    cp -r "$publish/." "$root/usr/lib/hbd/"
    find "$root/usr/lib/hbd" \( -name '*.pdb' -o -name '*.dbg' -o -name '*.xml' -o -name 'libcoreclrtraceptprovider.so' \
      -o -name createdump \) -delete
    find "$root/usr/lib/hbd" -type d -exec chmod 0755 {} +
    find "$root/usr/lib/hbd" -type f -exec chmod 0644 {} +
    chmod 0755 "$root/usr/lib/hbd/hbd"
    # NuGet's SQLite library comes with its symbols; Debian ships shared objects stripped, as dh_strip would.
    find "$root/usr/lib/hbd" -name '*.so' -exec strip --strip-unneeded --remove-section=.comment --remove-section=.note {} +
    ln -s ../lib/hbd/hbd "$root/usr/bin/hbd"
    conffile=/etc/hbd.yaml
    ;;
esac
install -D -m 0644 "$debian/$(basename "$conffile")" "$root$conffile"
# deploy/'s units name the binary by its place in a hand install; the package puts it in /usr/bin.
mkdir -p "$root/lib/systemd/system"
sed 's|/usr/local/bin/|/usr/bin/|g' "deploy/$package.service" > "$root/lib/systemd/system/$package.service"
chmod 0644 "$root/lib/systemd/system/$package.service"

doc="$root/usr/share/doc/$package"
install -D -m 0644 "$debian/copyright" "$doc/copyright"
install -m 0644 README.md "$doc/README.md"
install -m 0644 docs/configuration.md "$doc/configuration.md"
install -D -m 0644 "$debian/$package.lintian-overrides" "$root/usr/share/lintian/overrides/$package"
date=$(date -u -R -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}")
printf '%s (%s) unstable; urgency=medium\n\n  * Built from the hbd sources, version %s.\n\n -- hbd <hbd@example.invalid>  %s\n' \
  "$package" "$version" "$version" "$date" | gzip -9n > "$doc/changelog.gz"
chmod 0644 "$doc/changelog.gz"

# The oldest glibc the ELF files ask for (their highest GLIBC_x.y symbol version) becomes the libc6 dependency.
glibc=$(find "$root/usr" -type f -exec sh -c 'head -c 4 "$1" | grep -q ELF' _ {} \; -exec objdump -T {} + 2>/dev/null |
  grep -o -E 'GLIBC_[0-9]+(\.[0-9]+)+' | sed 's/GLIBC_//' | sort -V | tail -n 1)
[ -n "$glibc" ] || { echo "build-deb.sh: no glibc symbol version found in $package" >&2; exit 1; }

mkdir -p "$root/DEBIAN"
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@GLIBC@/$glibc/" \
  -e "s/@INSTALLED_SIZE@/$(du -sk --exclude=DEBIAN "$root" | cut -f1)/" "$debian/$package.control" > "$root/DEBIAN/control"
echo "$conffile" > "$root/DEBIAN/conffiles"
for script in postinst prerm postrm; do
  install -m 0755 "$debian/$package.$script" "$root/DEBIAN/$script"
done
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/conffiles" "$root/DEBIAN/md5sums"

mkdir -p "$out"
deb="$out/${package}_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Z"${DPKG_DEB_COMPRESSOR_TYPE:-xz}" --build "$root" "$deb" >/dev/null
echo "$deb"
