#!/usr/bin/env bash
# GET /events latency while documents are captured: a Release build of `suyuan serve` in a scratch data folder, three
# 10,000-event documents POSTed back to back, and a query every 50 ms for 60 queries meanwhile. Prints p50, p90 and the slowest.
# usage: bench/query-during-capture.sh   (from the repository root; needs curl)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d); PORT=${PORT:-5392}
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
dotnet build -c Release "$ROOT/src/Suyuan" -o "$WORK/bin" > /dev/null
dotnet run -c Release --project "$ROOT/bench/Suyuan.Bench" -- documents 3 10000 "$WORK/docs" > /dev/null
KEY=$(dotnet "$WORK/bin/suyuan.dll" keys issue --admin --data "$WORK/data" | tail -1)
dotnet "$WORK/bin/suyuan.dll" serve --urls "http://127.0.0.1:$PORT" --data "$WORK/data" > "$WORK/log" 2>&1 &
SERVER=$!
until curl -sf "http://127.0.0.1:$PORT/health" > /dev/null; do sleep 0.2; done
QUERY="http://127.0.0.1:$PORT/events?eventType=ObjectEvent&perPage=1"
curl -s -o /dev/null -H "Authorization: Bearer $KEY" "$QUERY"   # the query path compiled before the clock
(for d in 1 2 3; do curl -s -o /dev/null -H "Authorization: Bearer $KEY" -H "Content-Type: application/json" --data-binary @"$WORK/docs/document-$d.json" "http://127.0.0.1:$PORT/capture"; done) &
for i in $(seq 1 60); do
  curl -s -o /dev/null -w "%{time_total}\n" -H "Authorization: Bearer $KEY" "$QUERY"
  sleep 0.05
done > "$WORK/times"
wait %2 2>/dev/null || true
sort -n "$WORK/times" | awk '{a[NR]=$1} END {printf "GET /events while capturing: %d queries, p50 %.3f s, p90 %.3f s, slowest %.3f s\n", NR, a[int(NR/2)], a[int(NR*0.9)], a[NR]}'
