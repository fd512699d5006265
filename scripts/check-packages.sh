#!/usr/bin/env bash
# For each published package: pnpm pack, then publint --strict and attw (esm-only) on the tarball.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/.pack"
rm -rf "$out"; mkdir -p "$out"
status=0
for dir in "$root"/packages/*/; do
  pkg="$dir/package.json"
  [ -f "$pkg" ] || continue
  if node -e "process.exit(require('$pkg').private ? 0 : 1)"; then continue; fi
  name=$(node -p "require('$pkg').name")
  echo "== $name"
  (cd "$dir" && pnpm pack --pack-destination "$out" >/dev/null)
  tarball=$(ls -t "$out"/*.tgz | head -1)
  echo "   packed $(basename "$tarball") ($(du -k "$tarball" | cut -f1) KiB)"
  if ! pnpm exec publint --strict "$tarball"; then status=1; fi
  if ! pnpm exec attw "$tarball" --profile esm-only --format ascii; then status=1; fi
done
rm -rf "$out"
exit $status
