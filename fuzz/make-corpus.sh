#!/usr/bin/env bash
# Generates the seed corpora of the fuzzers (docs/Fuzzing.md) into
# fuzz/corpus/ (not committed: they follow the tests they come from).
#
#   fuzz/make-corpus.sh [TARGET...]    TARGET: mlir-pipelines,
#                                      calibration-table, npy (default: all)
#
#   mlir-pipelines     (into fuzz/corpus/mlir) every .mlir under
#                      test/Dialect, test/Transforms, test/Conversion,
#                      test/Models and test/Regression (earlier findings),
#                      split on `// -----`, comment lines dropped, pieces
#                      over 32 KiB left out (the big model tests would slow
#                      every execution)
#   calibration-table  valid tables (test/Transforms/Inputs/
#                      make_calibration_table.py) and invalid ones
#   npy                NumPy files of every supported dtype, versions 1.0,
#                      2.0 and 3.0, unsupported dtypes and broken files
#
# Files are named by the SHA-1 of their content (as libFuzzer names its
# corpus files), so regenerating is idempotent. Needs Debian's python3 and
# numpy (scripts/setup.sh installs them).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="$root/fuzz/corpus"
# Debian's python3, which has numpy (as lit.cfg.py's %python).
python=/usr/bin/python3
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(mlir-pipelines calibration-table npy)

for target in "${targets[@]}"; do
  # The MLIR corpus is fuzz/corpus/mlir, as its dictionary is fuzz/mlir.dict.
  out="$corpus/${target%-pipelines}"
  rm -rf "$out"
  mkdir -p "$out"
  case "$target" in
  mlir-pipelines)
    "$python" - "$root" "$out" <<'PY'
import hashlib, os, re, sys
root, out = sys.argv[1:]
count = 0
for sub in ("test/Dialect", "test/Transforms", "test/Conversion", "test/Models",
            "test/Regression"):
    for directory, _, files in sorted(os.walk(os.path.join(root, sub))):
        for name in sorted(files):
            if not name.endswith(".mlir"):
                continue
            text = open(os.path.join(directory, name), encoding="utf-8").read()
            for piece in re.split(r"^// -----.*$", text, flags=re.M):
                lines = [l for l in piece.splitlines()
                         if not l.lstrip().startswith("//")]
                data = ("\n".join(lines).strip() + "\n").encode()
                if len(data) < 8 or len(data) > 32 * 1024:
                    continue
                digest = hashlib.sha1(data).hexdigest()
                with open(os.path.join(out, digest), "wb") as f:
                    f.write(data)
                count += 1
print(f"make-corpus: mlir-pipelines: {len(os.listdir(out))} seeds in {out}")
PY
    ;;
  calibration-table)
    "$python" - "$root" "$out" <<'PY'
import hashlib, json, os, subprocess, sys, tempfile
root, out = sys.argv[1:]
make = os.path.join(root, "test/Transforms/Inputs/make_calibration_table.py")

def save(data):
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(out, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)

def table(*entries):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "t.json")
        subprocess.run([sys.executable, make, path, *entries], check=True)
        return open(path).read()

valid = [table("fc1/lhs=2.0"), table("a=1.0", "b=0.5", "c=1000"),
         table("x=0.0"), table("tiny=1e-30", "big=3e38")]
# Version 2: the fingerprint (scheme, a shape per tensor, "?" dimensions).
fingerprinted = json.loads(table("fc1/lhs=2.0", "fc2/lhs=1.0"))
fingerprinted.update(version=2, scheme="standard")
fingerprinted["tensors"]["fc1/lhs"]["shape"] = ["?", 784]
fingerprinted["tensors"]["fc2/lhs"]["shape"] = []
valid.append(json.dumps(fingerprinted))
for text in valid:
    save(text)
    save(json.dumps(json.loads(text), indent=2))

# An empty table, and tensors with no values.
empty_hist = {"max": 0.0, "counts": [0] * 2048}
zero = {"min": 0.0, "max": 0.0, "amax": 0.0, "count": 0,
        "histogram": empty_hist}
save(json.dumps({"format": "fp8-calibration", "version": 1, "samples": 0,
                 "tensors": {}}))
save(json.dumps({"format": "fp8-calibration", "version": 1, "samples": 3,
                 "tensors": {"z": zero, "n": dict(zero, nan_count=5,
                                                  inf_count=2)}}))
# Counts near the int64 limit.
big = {"min": -1.0, "max": 1.0, "amax": 1.0, "count": 2**62,
       "histogram": {"max": 2.0, "counts": [0] * 1024 + [2**62] + [0] * 1023}}
save(json.dumps({"format": "fp8-calibration", "version": 1,
                 "samples": 2**62, "tensors": {"big": big}}))

# Invalid tables: each breaks one rule.
base = json.loads(valid[0])
t = base["tensors"]["fc1/lhs"]
def variant(**changes):
    d = json.loads(json.dumps(base))
    d.update(changes)
    return json.dumps(d)
def tensor_variant(**changes):
    d = json.loads(json.dumps(base))
    d["tensors"]["fc1/lhs"].update(changes)
    return json.dumps(d)
for text in [
    variant(format="onnx"), variant(version=2), variant(version="1"),
    variant(samples=-1), variant(samples=1.5), variant(extra=1),
    variant(tensors=[]), variant(tensors={"": t}),
    tensor_variant(min=3.0), tensor_variant(amax=7.0),
    tensor_variant(count=999), tensor_variant(count=0),
    tensor_variant(nan_count=-1), tensor_variant(min=None),
    tensor_variant(max="NaN"), tensor_variant(amax=1e999),
    tensor_variant(histogram={"max": 3.0, "counts": t["histogram"]["counts"]}),
    tensor_variant(histogram={"max": 2.0, "counts": [1] * 2047}),
    tensor_variant(histogram={"max": 2.0}), tensor_variant(histogram=[]),
    tensor_variant(colour="blue"),
    '{"format": "fp8-calibration", "version": 1, "samples": 1, '
    '"tensors": {"a": {}, "a": {}}}',
    '{"format": "fp8-calibration", ',
    '[1, 2, 3]', '"fp8-calibration"', '', '{}', '{"format": "fp8-calibration"}',
    '{"format": "fp8-calibration", "version": 1, "samples": 1, "tensors": {"\\u00e9\\n": 1}}',
]:
    save(text)
print(f"make-corpus: calibration-table: {len(os.listdir(out))} seeds in {out}")
PY
    ;;
  npy)
    "$python" - "$out" <<'PY'
import hashlib, io, os, sys
import numpy as np
out = sys.argv[1]

def save(data):
    with open(os.path.join(out, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)

def npy(array, version=None):
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, version=version,
                              allow_pickle=False)
    return buffer.getvalue()

shapes = [(), (0,), (3,), (2, 3), (1, 2, 2)]
dtypes = ["<f2", "<f4", "<f8", "|i1", "|u1", "<i4", "<i8", "|b1"]
for dtype in dtypes:
    for shape in shapes:
        a = (np.arange(int(np.prod(shape)) or 0) % 5).reshape(shape).astype(dtype)
        save(npy(a))
    a = np.arange(6).reshape(2, 3).astype(dtype)
    save(npy(a, (2, 0)))
    save(npy(a, (3, 0)))
a = np.arange(6, dtype=np.float32).reshape(2, 3)
for bad in [a.astype(">f4"), a.astype(np.complex64), np.asfortranarray(a),
            np.array(["ab", "c"]), np.zeros(2, dtype=[("x", "<f4"), ("y", "<i4")]),
            a.astype(np.float16).astype(">f2")]:
    save(npy(bad))
good = npy(a)
save(good[:-4])                      # truncated data
save(good + b"\0\0\0\0")             # trailing bytes
save(good[:40])                      # truncated header
save(good[:9])                       # no header length
save(good[:7])                       # no version
save(b"PK" + good[2:])               # bad magic
save(good[:6] + b"\x04\x00" + good[8:])  # unsupported version
save(good[:6] + b"\x01\x01" + good[8:])  # unsupported minor version
save(good[:8] + b"\xff\xff" + good[10:])  # header length too large
header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }"
for shape in ["99999999999", "4611686018427387904, 4", "99999999999999999999,",
              "-1,", "2,3L", "", "0, 9223372036854775807"]:
    text = (header % shape).encode()
    text += b" " * ((-(10 + len(text) + 1)) % 64) + b"\n"
    save(b"\x93NUMPY\x01\x00" + len(text).to_bytes(2, "little") + text)
print(f"make-corpus: npy: {len(os.listdir(out))} seeds in {out}")
PY
    ;;
  *)
    echo "make-corpus: unknown target '$target' (mlir-pipelines, calibration-table, npy)" >&2
    exit 1
    ;;
  esac
done
