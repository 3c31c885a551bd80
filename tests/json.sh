#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# json.sh - the JSON bpfcc writes (lint --format=json and sarif) is valid
# whatever bytes a file name or a policy holds, and the SARIF log has what
# code scanning needs: rules with shortDescription and help, no placeholder
# informationUri, URIs relative to %SRCROOT% with uriBaseId (file:// for
# files outside the working directory), notes as relatedLocations of their
# result, columnKind.  Checked with jq.  (The runtime's JSON log is checked
# in tests/runtime.sh.)
set -u
cd "$(dirname "$0")/.."
BPFCC=${BPFCC:-build/bpfcc}
. tests/lib.sh
command -v jq >/dev/null || { echo "json: jq is missing (make deps)"; echo "json: 0 passed, 1 failed"; exit 1; }

# jqt DESC FILTER FILE: jq -e FILTER on FILE is true.
jqt() {
	if jq -e "$2" "$3" >/dev/null 2>&1; then ok; else bad "$1: jq '$2' on $(head -c 600 "$3")"; fi
}

# A file name with a byte that is not UTF-8, a control byte, a space, a
# quote and a backslash; its text has an invalid byte too, and a duplicate
# rule (a warning and its note).
name=$'a\xff\x01 "q\\.pol'
mkdir -p "$tmp/d"
f="$tmp/d/$name"
printf '#![profile "/usr/bin/app"]\nfs("/etc/x", read)\nfs("/etc/x", read)\n' >"$f"
g="$tmp/d/bad.pol"
printf '#![profile "/usr/bin/app"]\nfs("/a\xffb", read)\n' >"$g"
for file in "$f" "$g"; do
	"$BPFCC" lint --format=json "$file" >"$tmp/out.json" 2>"$tmp/err"
	jqt "lint json is valid" 'type == "array" and length > 0' "$tmp/out.json"
	"$BPFCC" lint --format=sarif "$file" >"$tmp/out.sarif" 2>"$tmp/err"
	jqt "sarif is valid" '.version == "2.1.0"' "$tmp/out.sarif"
done
"$BPFCC" lint --format=json "$f" >"$tmp/out.json"
# the name reads back: bytes that are not UTF-8 as U+00XX, the rest exact
want="$tmp/d/a"$'\xc3\xbf\x01 "q\\.pol'
[ "$(jq -r '.[0].file' "$tmp/out.json")" = "$want" ] && ok || bad "json file name: $(jq -r '.[0].file' "$tmp/out.json" | od -c | head -3)"

# SARIF structure, on a warning with a note, from the working directory
cp "$f" "$tmp/d/dup.pol"
(cd "$tmp" && "$OLDPWD/$BPFCC" lint --format=sarif d/dup.pol ./d/dup.pol) >"$tmp/dup.sarif"
S="$tmp/dup.sarif"
jqt "one run" '.runs | length == 1' "$S"
jqt "no informationUri, or a real one" '[.. | objects | .informationUri? // empty] | all(test("^https://") and (test("example") | not))' "$S"
jqt "columnKind" '.runs[0].columnKind == "unicodeCodePoints"' "$S"
jqt "every rule has an id, shortDescription.text and help.text" \
	'.runs[0].tool.driver.rules | length > 0 and all(.id and .shortDescription.text and .help.text and .defaultConfiguration.level)' "$S"
jqt "ruleIndex points at the rule of ruleId" \
	'.runs[0] as $r | $r.results | all(. as $x | $r.tool.driver.rules[$x.ruleIndex].id == $x.ruleId)' "$S"
jqt "two results (one warning per file), no note results" \
	'.runs[0].results | length == 2 and all(.level == "warning")' "$S"
jqt "relative URIs with uriBaseId %SRCROOT%" \
	'[.runs[0].results[] | .locations[], .relatedLocations[] | .physicalLocation.artifactLocation] | all(.uriBaseId == "%SRCROOT%" and .uri == "d/dup.pol")' "$S"
jqt "the note is a relatedLocation with its message and line" \
	'.runs[0].results[0].relatedLocations == [{"id": 1, "physicalLocation": {"artifactLocation": {"uri": "d/dup.pol", "uriBaseId": "%SRCROOT%"}, "region": {"startLine": 2, "startColumn": 1}}, "message": {"text": "first written here"}}]' "$S"
jqt "the warning's own location" \
	'.runs[0].results[0].locations[0].physicalLocation.region == {"startLine": 3, "startColumn": 1}' "$S"
# outside the working directory: an absolute file:// URI, percent-encoded
"$BPFCC" lint --format=sarif "$f" >"$tmp/abs.sarif"
jqt "absolute file URI, percent-encoded, no uriBaseId" \
	'.runs[0].results[0].locations[0].physicalLocation.artifactLocation | (.uri | startswith("file:///") and endswith("/d/a%FF%01%20%22q%5C.pol")) and (has("uriBaseId") | not)' "$tmp/abs.sarif"
# an absolute path under the working directory is made relative
"$BPFCC" lint --format=sarif "$PWD/tests/cases/lint/format-warn.pol" >"$tmp/cwd.sarif"
jqt "absolute path under the working directory made relative" \
	'.runs[0].results[0].locations[0].physicalLocation.artifactLocation == {"uri": "tests/cases/lint/format-warn.pol", "uriBaseId": "%SRCROOT%"}' "$tmp/cwd.sarif"
# a clean policy: an empty, valid log
"$BPFCC" lint --format=sarif tests/cases/lint/format-clean.yml >"$tmp/clean.sarif"
jqt "clean: no results, no rules" '.runs[0].results == [] and .runs[0].tool.driver.rules == []' "$tmp/clean.sarif"
# every golden JSON and SARIF output parses
for c in tests/cases/lint/*.out; do
	grep -q -- '--format=json\|--format=sarif' "$c" || continue
	awk '/^\$ bpfcc .*--format=(json|sarif)/ { on = 1; next } /^\[exit / { on = 0 } on' "$c" >"$tmp/golden.json"
	jq -e . "$tmp/golden.json" >/dev/null 2>&1 && ok || bad "golden $c: JSON does not parse"
done

finish json
