#!/usr/bin/env bash
# bash scripts/ci/verify-bundle.sh <dir> <sha256>
#
# What a job holding keys checks before it runs anything it downloaded from the build job:
#   1. <dir>/SHA256SUMS has the SHA-256 the build job recorded as its output (<sha256>);
#   2. every file SHA256SUMS lists has its recorded SHA-256 (sha256sum --check --strict);
#   3. <dir> holds no file that SHA256SUMS does not list.
# Any mismatch is an ::error:: and exit 1, before any credentials are used.
set -euo pipefail
export LC_ALL=C
dir=${1:?usage: verify-bundle.sh <dir> <sha256>}
expected=${2:-}
fail() {
  echo "::error title=Bundle check::$1"
  exit 1
}
[[ $expected =~ ^[0-9a-f]{64}$ ]] || fail "the build job recorded no SHA-256 of the bundle (got '${expected}'), so nothing downloaded is trusted"
cd "$dir" || fail "$dir does not exist: the bundle artifact was not downloaded"
[ -f SHA256SUMS ] || fail "$dir/SHA256SUMS is missing: the bundle artifact is not the build job's"
actual=$(sha256sum SHA256SUMS | cut -d' ' -f1)
[ "$actual" = "$expected" ] || fail "$dir/SHA256SUMS is not the build job's (sha256 $actual, recorded $expected): nothing was run"
sha256sum --check --strict --quiet SHA256SUMS || fail "a file of the bundle differs from what the build job recorded: nothing was run"
unlisted=$(comm -23 <(find . -type f ! -name SHA256SUMS | sed 's|^\./||' | sort) <(cut -c67- SHA256SUMS | sort))
[ -z "$unlisted" ] || fail "files the build job did not record: $(echo "$unlisted" | tr '\n' ' ')"
echo "Bundle verified: $(wc -l <SHA256SUMS) files as the build job recorded them (SHA256SUMS $actual)."
