#!/usr/bin/env bash
# What a change to the rule base does to people, in one command (#25):
#
#   benchmarks/compare_revisions.sh REV [FACTS...]
#
# BEFORE: revision REV of this repository (a branch, a tag, a commit: `main`,
# `v0.1.0`, `HEAD~3`), unpacked with `git archive` into a temporary folder and
# installed into a venv of its own there. AFTER: this checkout as installed
# (`.venv/bin/sorewhy`, or the `sorewhy` that $SOREWHY names). Both evaluate
# the same profiles: FACTS files when given, else the scenario cases of this
# checkout (benchmarks/vignettes/cases.yaml and held_out.yaml, each case's
# facts with the case id as the profile id). Then `sorewhy compare BEFORE
# AFTER` lists every profile whose disposition, referral level, leading
# findings or fired rules differ, and the counts.
#
# The two report files are kept in $COMPARE_DIR (default: a new temporary
# folder, printed) for `sorewhy summarize --against`. Exit status: compare's
# (0 nothing differs, 1 something does, 2 usage error); 2 when REV is not a
# revision or cannot be installed.
set -euo pipefail

if [ $# -lt 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
  [ $# -ge 1 ] && exit 0 || exit 2
fi
rev=$1
shift
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
after=${SOREWHY:-$root/.venv/bin/sorewhy}
if [ ! -x "$after" ]; then
  echo "compare_revisions: $after not found; install this checkout first (python3 -m venv .venv &&" \
       ".venv/bin/pip install -e .) or set SOREWHY" >&2
  exit 2
fi
if ! git -C "$root" rev-parse --verify --quiet "$rev^{commit}" >/dev/null; then
  echo "compare_revisions: $rev is not a revision of $root" >&2
  exit 2
fi
out=${COMPARE_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/sorewhy-compare.XXXXXX")}
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/sorewhy-before.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "compare_revisions: installing $rev ($(git -C "$root" rev-parse --short "$rev")) into a temporary venv" >&2
mkdir "$work/src"
git -C "$root" archive --format=tar "$rev" | tar -x -C "$work/src"
python3 -m venv "$work/venv"
if ! "$work/venv/bin/pip" install -q "$work/src" >"$work/pip.log" 2>&1; then
  echo "compare_revisions: $rev could not be installed:" >&2
  tail -n 5 "$work/pip.log" >&2
  exit 2
fi

if [ $# -eq 0 ]; then
  "$(dirname "$after")/python" - "$out/cases.json" <<'PY'
import json
import sys

from sorewhy.engine import ruletest

profiles = [{**case.facts, "id": case.id}
            for path in ruletest.default_case_files().values() for case in ruletest.load_cases(path)]
with open(sys.argv[1], "w", encoding="utf-8") as handle:
    json.dump(profiles, handle, indent=1)
PY
  set -- "$out/cases.json"
fi

# evaluate exits 1 when some profile could not be evaluated: those reports
# still carry their error, and compare shows them.
status=0
"$work/venv/bin/sorewhy" evaluate "$@" --format json --output "$out/before.json" || status=$?
[ "$status" -le 1 ] || exit 2
status=0
"$after" evaluate "$@" --format json --output "$out/after.json" || status=$?
[ "$status" -le 1 ] || exit 2
echo "compare_revisions: BEFORE $out/before.json ($rev), AFTER $out/after.json (this checkout)" >&2
exec "$after" compare "$out/before.json" "$out/after.json"
