#!/bin/sh
# Build a held-out store for scripts/measure_ask.py from an evaluation set's texts,
# each ingested with the as_of date of its gold file (nothing else is read from it).
#   sh scripts/build_meaning_store.sh [SET_DIR (tests/meaning)] [OUT (/tmp/meaning-store.json)]
set -e
dir=${1:-tests/meaning}
out=${2:-/tmp/meaning-store.json}
python=${PYTHON:-python3}
rm -f "$out"
for gold in "$dir"/*.json; do
  file=$($python -c "import json,sys;d=json.load(open(sys.argv[1]));print(d.get('file','') if isinstance(d,dict) else '')" "$gold")
  [ -n "$file" ] || continue
  stem=$(basename "$gold" .json)
  published=$($python -c "import json,sys;print(json.load(open(sys.argv[1]))['as_of'])" "$gold")
  $python -m mali_facts --db "$out" ingest "$dir/$file" --published "$published" --id "$stem" > /dev/null
done
echo "$out"
