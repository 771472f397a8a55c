#!/usr/bin/env bash
# Run a command as on a machine without some of the Debian packages the tests use, to prove
# that their tests are skipped, naming the package, and every other test passes:
#   bash .ci/without-packages.sh [-p "PROGRAM ..."] [-f "FOLDER ..."] COMMAND...
# PATH is rebuilt of symlink folders without the PROGRAMs (default: tesseract soffice libreoffice pg_ctl);
# as root, the FOLDERs (default: /usr/lib/postgresql, where Debian keeps pg_ctl off PATH) are
# also hidden, in a private mount namespace. CCHC_NO_APT=1 keeps `make test` from installing.
set -euo pipefail
programs="tesseract soffice libreoffice pg_ctl"
folders="/usr/lib/postgresql"
while getopts "p:f:" option; do
    case "$option" in
    p) programs="$OPTARG" ;;
    f) folders="$OPTARG" ;;
    *) exit 2 ;;
    esac
done
shift $((OPTIND - 1))
shadow="$(mktemp -d /tmp/cchc-path.XXXXXX)"
trap 'rm -rf "$shadow"' EXIT
path=""
index=0
IFS=: read -ra entries <<<"$PATH"
for entry in "${entries[@]}"; do
    [ -d "$entry" ] || continue
    index=$((index + 1))
    mkdir "$shadow/$index"
    for program in "$entry"/*; do
        name="$(basename "$program")"
        case " $programs " in *" $name "*) continue ;; esac
        [ -x "$program" ] && ln -s "$program" "$shadow/$index/$name"
    done
    path="${path:+$path:}$shadow/$index"
done
hide=""
for folder in $folders; do
    [ -d "$folder" ] && hide+="mount --bind $(printf %q "$shadow/empty") $(printf %q "$folder"); "
done
mkdir "$shadow/empty"
export PATH="$path" CCHC_NO_APT=1
if [ -n "$hide" ] && [ "$(id -u)" = 0 ]; then
    exec_line="$hide exec \"\$@\""
    unshare --mount --propagation private bash -c "$exec_line" hide "$@"
else
    "$@"
fi
