#!/usr/bin/env bash
# Peak RSS and real time of each hostile scenario, with the process capped so that the machine
# survives the "before" figures: 3 GB of address space and 60 s of real time.
#   tests/hostile/measure.sh [BINARY]      (default target/debug/kubeplay)
cd "$(dirname "$0")/../.."
bin=${1:-target/debug/kubeplay}
printf '%-32s %10s %9s %s\n' scenario peak_MB real_s exit
for f in tests/hostile/*.yaml; do
    log=$(mktemp)
    ( ulimit -v 3000000; /usr/bin/time -v -o "$log" timeout 60 "$bin" run "$f" >"$log.out" 2>"$log.err" )
    rc=$(grep -o 'Exit status: [0-9]*' "$log" | grep -o '[0-9]*$')
    rss=$(grep 'Maximum resident' "$log" | grep -o '[0-9]*$')
    wall=$(grep 'Elapsed (wall' "$log" | awk '{print $NF}')
    printf '%-32s %10s %9s %s\n' "$(basename "$f" .yaml)" "$((rss / 1024))" "$wall" "$rc $(head -c 100 "$log.err" | tr '\n' ' ')"
    rm -f "$log" "$log.out" "$log.err"
done
