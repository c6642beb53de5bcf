# Shared by the bench scripts (`. scripts/lib.sh`), not run on its own.

# The median of the numbers on stdin, one per line.
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# The smallest and largest of the numbers on stdin: `lo–hi`.
minmax() { sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s–%s", lo, hi }'; }

# Puts today's shipped rules (scripts, checks written as data, helpers;
# no fixtures) and schemas into the project DIR, replacing what is there.
project_rules() {
    local dir=$1
    rm -rf "$dir/rules" "$dir/schemas"
    mkdir -p "$dir/rules"
    cp rules/*.rhai rules/*.checks.ron "$dir/rules/"
    cp -r rules/lib "$dir/rules/lib"
    cp -r schemas "$dir/schemas"
}

# timed_runs RUNS DIR OUT LABEL COMMAND…: runs COMMAND in DIR RUNS times
# under /usr/bin/time -v, its stdout into OUT; leaves each run's wall time
# (seconds) in `walls`, peak RSS (KiB) in `rsss`, the last exit code in
# `code`, and says each run on stderr.
timed_runs() {
    local runs=$1 dir=$2 out=$3 label=$4 i start end
    shift 4
    walls=()
    rsss=()
    code=0
    for i in $(seq "$runs"); do
        start=$(date +%s%N)
        set +e
        (cd "$dir" && /usr/bin/time -v "$@" >"$out" 2>"$out.time")
        code=$?
        set -e
        end=$(date +%s%N)
        walls+=("$(awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }')")
        rsss+=("$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out.time")")
        echo "  $label run $i: ${walls[-1]} s, ${rsss[-1]} KiB, exit $code" >&2
    done
}
