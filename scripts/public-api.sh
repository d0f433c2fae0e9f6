#!/usr/bin/env bash
# Records the public API of Imap.Protocol and Imap.Sync in their PublicAPI.Shipped.txt and
# PublicAPI.Unshipped.txt (Microsoft.CodeAnalysis.PublicApiAnalyzers fails the build on any public
# API those files do not list). See docs/public-api.md for when to run it.
#
#   scripts/public-api.sh          writes the public API that changed into PublicAPI.Unshipped.txt:
#                                  what is new (the analyzer's RS0016 code fix), and what is gone (RS0017):
#                                  dropped from Unshipped, or marked *REMOVED* there when it had shipped.
#   scripts/public-api.sh --ship   at a release: moves PublicAPI.Unshipped.txt into PublicAPI.Shipped.txt.
#
# Review the diff of the two files afterwards: every line is a promise to the packages' users.
set -euo pipefail
cd "$(dirname "$0")/.."
projects=(src/Imap.Protocol src/Imap.Sync) # dependencies first: Imap.Sync builds on Imap.Protocol
header='#nullable enable'

# Keeps a file as the analyzer reads it best for review: the header, then one sorted line per symbol.
normalize() {
    local file=$1 body
    body=$(grep -v -x -F "$header" "$file" | grep -v '^[[:space:]]*$' | LC_ALL=C sort -u || true)
    { printf '%s\n' "$header"; [ -z "$body" ] || printf '%s\n' "$body"; } > "$file"
}

# RS0017 names the file and line of each recorded symbol that is no longer public.
drop_gone() {
    local project=$1 dir shipped unshipped output file line text
    dir=$(cd "$project" && pwd)
    shipped=$dir/PublicAPI.Shipped.txt
    unshipped=$dir/PublicAPI.Unshipped.txt
    # Warnings, not errors, so that a project depending on this one still builds.
    output=$(dotnet build "$project" -nologo -p:TreatWarningsAsErrors=false 2>&1 || true)
    local -a unshipped_lines=()
    while read -r file line; do
        if [ "$file" = "$unshipped" ]; then
            unshipped_lines+=("$line")
        elif [ "$file" = "$shipped" ]; then
            text=$(sed -n "${line}p" "$shipped")
            [[ $text == \*REMOVED\** ]] || printf '*REMOVED*%s\n' "$text" >> "$unshipped"
        fi
    done < <(printf '%s\n' "$output" | sed -n -E 's/^(.*PublicAPI\.(Un)?[Ss]hipped\.txt)\(([0-9]+),[0-9]+\): (warning|error) RS0017:.*/\1 \3/p' | sort -u)
    if [ "${#unshipped_lines[@]}" -gt 0 ]; then
        local script=""
        for line in "${unshipped_lines[@]}"; do script+="${line}d;"; done
        sed -i "$script" "$unshipped"
    fi
}

record() {
    local project=$1
    for file in "$project"/PublicAPI.Shipped.txt "$project"/PublicAPI.Unshipped.txt; do
        [ -f "$file" ] || printf '%s\n' "$header" > "$file"
    done
    echo "public-api: $project: recording new public API (RS0016)"
    dotnet format analyzers "$project" --diagnostics RS0016 --severity info
    echo "public-api: $project: removing what is no longer public (RS0017)"
    drop_gone "$project"
    normalize "$project/PublicAPI.Unshipped.txt"
}

ship() {
    local project=$1 shipped=$1/PublicAPI.Shipped.txt unshipped=$1/PublicAPI.Unshipped.txt entry
    while IFS= read -r entry; do
        case $entry in
            "$header" | "") ;;
            \*REMOVED\**) grep -v -x -F "${entry#\*REMOVED\*}" "$shipped" > "$shipped.tmp" || true; mv "$shipped.tmp" "$shipped" ;;
            *) printf '%s\n' "$entry" >> "$shipped" ;;
        esac
    done < "$unshipped"
    printf '%s\n' "$header" > "$unshipped"
    normalize "$shipped"
    echo "public-api: $project: Unshipped moved to Shipped"
}

case "${1:-}" in
    "") for project in "${projects[@]}"; do record "$project"; done ;;
    --ship) for project in "${projects[@]}"; do ship "$project"; done ;;
    *) echo "usage: $0 [--ship]" >&2; exit 2 ;;
esac
