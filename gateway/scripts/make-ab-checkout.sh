#!/bin/bash
# A runnable copy of this repository for `npm run bench:ab -w @city/gateway`:
#   gateway/scripts/make-ab-checkout.sh DIR [REV]
# REV given: the files of that commit; none: the working tree. node_modules are linked to this
# checkout's, except the workspace packages (@city/*), which point into DIR so the copy runs its
# own code; the generated Prisma client is copied.
set -euo pipefail
dir=$1
rev=${2:-}
root=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$dir"
mkdir -p "$dir"
cd "$root"
if [ -n "$rev" ]; then
  git archive "$rev" | tar -x -C "$dir"
else
  rsync -a --exclude node_modules --exclude /.git --exclude /.cache ./ "$dir"/
fi
rm -rf "$dir/prisma/generated"
cp -r prisma/generated "$dir/prisma/"
for nm in */node_modules packages/*/node_modules; do
  [ -d "$nm" ] && [ -d "$dir/$(dirname "$nm")" ] && ln -s "$root/$nm" "$dir/$nm"
done
mkdir "$dir/node_modules" "$dir/node_modules/@city"
for entry in node_modules/* node_modules/.bin node_modules/.prisma; do
  name=$(basename "$entry")
  [ "$name" = "@city" ] || [ ! -e "$entry" ] || ln -s "$root/$entry" "$dir/node_modules/$name"
done
for entry in node_modules/@city/*; do
  ln -s "$(readlink "$entry")" "$dir/node_modules/@city/$(basename "$entry")"
done
echo "$dir"
