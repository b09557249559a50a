#!/usr/bin/env bash
# Installs Debian's OpenLDAP server and tools for the LDAP source's tests (lib/sources/ldap), when missing.
# Only the binaries are used: the tests start their own slapd (scripts/start-test-slapd.ts), never the
# package's service.
set -euo pipefail
if command -v slapd >/dev/null 2>&1 || [ -x /usr/sbin/slapd ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "slapd is missing: run 'apt-get install -y slapd ldap-utils' as root, or run the tests as root" >&2
  exit 1
fi
echo "== Installing slapd and ldap-utils (Debian)"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q slapd ldap-utils >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q slapd ldap-utils >/dev/null; }
# The package starts its own service on port 389; the tests do not need it.
if command -v service >/dev/null 2>&1; then service slapd stop >/dev/null 2>&1 || true; fi
