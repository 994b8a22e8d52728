#!/bin/sh
# Build the held-out store for scripts/measure_ask.py from tests/meaning/*.txt,
# each ingested with the as_of date of its gold file (nothing else is read from it).
set -e
out=${1:-/tmp/meaning-store.json}
rm -f "$out"
for text in tests/meaning/m0*_*.txt; do
  stem=$(basename "$text" | cut -d_ -f1)
  published=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['as_of'])" "tests/meaning/$stem.json")
  mali-facts --db "$out" ingest "$text" --published "$published" --id "$stem" > /dev/null
done
echo "$out"
