#!/usr/bin/env bash
# Fits the Hudson Bay pelt series with the default recipe, without latent dimensions (--augment
# none) and with K of them (--augment K), for four seeds, and prints rmse / rmse_baseline for each
# (docs/fitting.md, "The pelt series"; issue 10).
# Each fit takes 28-46 s on one thread; two run at a time. Run from the repository root:
#   docs/scripts/pelts_sweep.sh [DATA_CSV] [OUT_DIR]
set -euo pipefail
data="${1:-../shared/data/hudson_bay_pelts_1845_1935.csv}"
out="${2:-runs/pelts-sweep}"
mkdir -p "$out"
fit_one() {
  local name="$1"; shift
  rm -rf "${out:?}/$name"  # a failed fit then reads as failed, not as an earlier run's figure
  ./neuralode fit --data "$data" --out "$out/$name" --overwrite --threads 1 -q "$@" || true
}
export -f fit_one
export data out
./neuralode --version > /dev/null  # builds the launcher's jar once, before the parallel fits
for seed in 0 1 2 3; do
  for k in 0 1 2 4; do
    augment="none"
    if [[ $k -gt 0 ]]; then augment="$k"; fi
    echo "k${k}-s${seed} --augment ${augment} --seed ${seed}"
  done
done | xargs -P 2 -L 1 bash -c 'fit_one "$@"' _
printf '%-8s %-5s %s\n' augment seed rmse/rmse_baseline
for seed in 0 1 2 3; do
  for k in 0 1 2 4; do
    python3 -c "import json,sys; s=json.load(open(sys.argv[1])); print('%-8s %-5s %.3f' % (sys.argv[2], sys.argv[3], s['rmse'] / s['rmse_baseline']))" \
      "$out/k${k}-s${seed}/summary.json" "$k" "$seed" 2>/dev/null || printf '%-8s %-5s failed\n' "$k" "$seed"
  done
done
