#!/usr/bin/env bash
# Checks that every C++ file of lib/, include/ and tools/ is formatted as
# clang-format-22 formats it with the repository's .clang-format (LLVM
# style); prints the differences and exits 1 otherwise. With --fix, formats
# the files in place instead.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
format="${CLANG_FORMAT:-clang-format-22}"
command -v "$format" >/dev/null ||
  { echo "check-format: $format not found (scripts/setup.sh installs it)" >&2; exit 1; }

files=()
while IFS= read -r -d '' file; do
  files+=("$file")
done < <(find lib include tools \( -name '*.cpp' -o -name '*.h' \) -print0 | sort -z)

if [ "${1:-}" = "--fix" ]; then
  "$format" -i "${files[@]}"
  echo "check-format: formatted ${#files[@]} files"
  exit 0
fi
if ! "$format" --dry-run -Werror "${files[@]}"; then
  echo "check-format: run scripts/check-format.sh --fix" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files formatted"
