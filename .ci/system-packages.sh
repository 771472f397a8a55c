#!/usr/bin/env bash
# Install the Debian packages of system-packages.txt that are missing, when we may.
#   bash .ci/system-packages.sh     quiet and quick (one dpkg-query) when nothing is missing;
#                                   apt-get update and install only what is missing, as root;
#                                   otherwise one line naming what is missing (tests needing it skip).
# CCHC_NO_APT=1 leaves the system as it is, as for a user who is not root.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v dpkg-query >/dev/null 2>&1 || exit 0  # not Debian: the tests say what they miss
mapfile -t wanted < <(grep -v '^\s*\(#\|$\)' system-packages.txt | awk '{print $1}')
mapfile -t missing < <(
    dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${wanted[@]}" 2>/dev/null | awk '$2 == "ii" {print $1}' |
        sort | comm -13 - <(printf '%s\n' "${wanted[@]}" | sort)
)
[ "${#missing[@]}" -eq 0 ] && exit 0
if [ -z "${CCHC_NO_APT:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian packages: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    echo "Debian packages not installed (tests needing them are skipped): ${missing[*]}" >&2
fi
