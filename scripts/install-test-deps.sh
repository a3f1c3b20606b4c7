#!/usr/bin/env bash
# Debian packages the build and the tests use; installed only when missing.
set -euo pipefail
"$(dirname "$0")/install-build-deps.sh"
need=()
command -v curl >/dev/null || need+=(curl)
[ -x /usr/lib/nagios/plugins/check_dummy ] || need+=(monitoring-plugins-basic) # Nagios check tests
[ -x /usr/bin/pgrep ] || need+=(procps)                                         # leftover-process checks
command -v clang >/dev/null || need+=(clang)                                    # Native AOT publish of hbc
command -v ld.lld >/dev/null || need+=(lld)
[ -e /usr/include/zlib.h ] || need+=(zlib1g-dev)
command -v llvm-objcopy >/dev/null || need+=(llvm)                             # strips hbc cross-built for arm64
command -v objdump >/dev/null || need+=(binutils)                               # glibc versions an ELF file needs
[ -x /usr/bin/qemu-aarch64-static ] || need+=(qemu-user-static)                 # the arm64 hbc run on this machine
command -v lintian >/dev/null || need+=(lintian)                                # the .debs checked
command -v systemd-analyze >/dev/null || need+=(systemd)                        # deploy/hbd.service verified
[ -x /usr/bin/promtool ] || need+=(prometheus)                                  # promtool check metrics on a /metrics scrape
/usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || need+=(python3-aiosmtpd)     # a real SMTP server for the e-mail channel
[ -x /usr/sbin/named ] || need+=(bind9)                                          # a real DNS server for dynamic DNS
[ -x /usr/bin/dig ] || need+=(bind9-dnsutils)
[ -x /usr/bin/chromium ] || need+=(chromium)                                    # browser tests of the dashboard (Playwright)
# hbd's default ports (50003-50005) out of the kernel's range for outgoing connections: the quick-start test's hbd
# binds them while the browser tests' many connections come and go, and a connection that happened to get one of them
# as its local port would make that bind fail.
reserved=/proc/sys/net/ipv4/ip_local_reserved_ports
if [ "$(id -u)" -eq 0 ] && [ -w "$reserved" ] && ! grep -q "50003-50005" "$reserved"; then
  current=$(cat "$reserved")
  echo "${current:+$current,}50003-50005" > "$reserved"
fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "install-test-deps.sh: missing ${need[*]}; run as root or install them" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
