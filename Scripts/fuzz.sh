#!/usr/bin/env bash
# Fuzzes Descent's file parsers with libFuzzer (+ AddressSanitizer):
#   CSVFuzzer          CSVTable(bytes:options:)  (the first byte picks the loading options)
#   NPYFuzzer          NPYFile(bytes:)
#   SafeTensorsFuzzer  SafeTensorsFile(bytes:)   (8-byte length, JSON header, offsets)
#
# Usage: Scripts/fuzz.sh [seconds-per-target] [target…]     (default: 60 s, every target)
#
# Builds the library once with `-sanitize=fuzzer,address` into .build-fuzz (SwiftPM, target
# Descent only, so nothing is linked against libFuzzer's main), then links each Fuzz/<Target>/main.swift
# (which exports LLVMFuzzerTestOneInput via @_cdecl) against those objects. Each target starts from
# the seeds in Fuzz/Corpus/<kind>/ plus what earlier runs found (.build-fuzz/corpus/<Target>), runs
# for the given time, and the script exits 1 if any target crashed; the crashing input is saved as
# .build-fuzz/artifacts/<Target>-crash-… (reproduce: .build-fuzz/release/<Target> FILE).
# Exits 0 with a message, without fuzzing, when the toolchain has no libFuzzer runtime (e.g. Xcode's).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(CSVFuzzer NPYFuzzer SafeTensorsFuzzer); fi
scratch=.build-fuzz
flags=-sanitize=fuzzer,address   # one flag: a second -sanitize= would replace the first

corpus_kind() {
    case "$1" in
        CSVFuzzer) echo csv ;;
        NPYFuzzer) echo npy ;;
        SafeTensorsFuzzer) echo safetensors ;;
        *) echo "fuzz: unknown target $1 (CSVFuzzer, NPYFuzzer, SafeTensorsFuzzer)" >&2; exit 64 ;;
    esac
}
for target in "${targets[@]}"; do corpus_kind "$target" > /dev/null; done

# Does this toolchain link libFuzzer? (Apple's Xcode toolchain, for one, does not ship it for Swift.)
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
cat > "$probe/probe.swift" <<'EOF'
@_cdecl("LLVMFuzzerTestOneInput")
public func probe(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt { 0 }
EOF
if ! swiftc $flags -parse-as-library "$probe/probe.swift" -o "$probe/probe" > "$probe/log" 2>&1; then
    echo "fuzz: this Swift toolchain cannot build libFuzzer targets ($flags); skipping."
    sed -n 1,5p "$probe/log"
    exit 0
fi

echo "== fuzz: building the library with $flags"
mkdir -p "$scratch"
if ! swift build -c release --target Descent --scratch-path "$scratch" -Xswiftc "$flags" > "$scratch/build.log" 2>&1; then
    tail -n 40 "$scratch/build.log"
    echo "fuzz: building the library failed"
    exit 1
fi
release="$scratch/release"
shims=$(find "$scratch/checkouts" -path '*_NumericsShims/include/module.modulemap' | head -n 1)
kernels="$release/DescentKernelsC.build/module.modulemap"   # the C GEMM microkernels Descent imports
objects=("$release"/Descent.build/*.o "$release"/RealModule.build/*.o "$release"/_NumericsShims.build/*.o
         "$release"/DescentKernelsC.build/*.o)

failed=()
for target in "${targets[@]}"; do
    kind=$(corpus_kind "$target")
    echo "== fuzz: $target for ${seconds} s"
    if ! swiftc -O $flags -parse-as-library -module-name "$target" -I "$release/Modules" \
            -Xcc -fmodule-map-file="$shims" -Xcc -fmodule-map-file="$kernels" "Fuzz/$target/main.swift" "${objects[@]}" -o "$release/$target" \
            > "$scratch/$target.build.log" 2>&1; then
        grep -v 'Cannot export local symbol' "$scratch/$target.build.log" | tail -n 40
        echo "fuzz: building $target failed"
        exit 1
    fi
    corpus="$scratch/corpus/$target"
    mkdir -p "$corpus" "$scratch/artifacts"
    cp Fuzz/Corpus/"$kind"/* "$corpus"/
    log="$scratch/$target.log"
    if "$release/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=8192 \
            -print_final_stats=1 -artifact_prefix="$scratch/artifacts/$target-" "$corpus" > "$log" 2>&1; then
        grep -E '^#[0-9]+ +DONE|^stat::number_of_executed_units|^Done' "$log" | tail -n 2
    else
        echo "fuzz: $target CRASHED; the end of its log ($log):"
        tail -n 40 "$log"
        failed+=("$target")
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: crashes in ${failed[*]}; inputs in $scratch/artifacts/"
    exit 1
fi
echo "fuzz: no crash in ${targets[*]} (${seconds} s each)"
