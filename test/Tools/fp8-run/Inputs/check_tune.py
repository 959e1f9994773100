#!/usr/bin/python3
"""Checks a recipe written by fp8-run --tune and that it reproduces what was tuned.

  check_tune.py RECIPE.json FP8_RUN MODULE.mlir TUNED.mlir EVAL_DIR [--labels L.npy]

Prints the recipe's structure (options, overrides, metric kind and budget), then
runs FP8_RUN on MODULE.mlir (FP32) and on TUNED.mlir (the module rebuilt with
fp8-opt --fp8-ptq-pipeline="recipe=RECIPE.json") over every sample of EVAL_DIR,
computes the metric as the tuner defines it (docs/Quantization.md) and prints
"reproduced" when it equals the recipe's "achieved" (within 1e-6 relative).
"""

import argparse
import glob
import json
import os
import subprocess
import tempfile

import numpy as np


def outputs(fp8_run, module, samples, workdir):
    results = []
    for i, sample in enumerate(samples):
        out = os.path.join(workdir, f"{os.path.basename(module)}.{i}")
        subprocess.run([fp8_run, module, "--entry", "forward", "--input", sample, "--output-dir", out,
                        "--target", "generic", "--threads", "1", "--quiet"], check=True)
        results.append(np.load(os.path.join(out, "forward_result0.npy")).astype(np.float64))
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("recipe")
    parser.add_argument("fp8_run")
    parser.add_argument("module")
    parser.add_argument("tuned")
    parser.add_argument("eval_dir")
    parser.add_argument("--labels")
    args = parser.parse_args()

    with open(args.recipe) as f:
        recipe = json.load(f)
    print(f"format {recipe['format']} version {recipe['version']}")
    print("options " + " ".join(f"{k}={v}" for k, v in sorted(recipe["options"].items())))
    for tensor, fields in sorted(recipe.get("overrides", {}).items()):
        print(f"override {tensor} " + " ".join(f"{k}={v}" for k, v in sorted(fields.items())))
    table = recipe["calibration"]
    print(f"calibration embedded: {table['format']}, {len(table['tensors'])} tensors")
    metric = recipe["metric"]
    print(f"metric {metric['kind']} budget {metric['budget']} fp32 {metric['fp32']}")

    samples = sorted(glob.glob(os.path.join(args.eval_dir, "*.npy")))
    with tempfile.TemporaryDirectory() as workdir:
        fp32 = outputs(args.fp8_run, args.module, samples, workdir)
        fp8 = outputs(args.fp8_run, args.tuned, samples, workdir)
    if args.labels:
        labels = np.load(args.labels)
        accuracy = lambda logits: np.mean(np.concatenate([np.argmax(l, axis=-1) for l in logits]) == labels)
        value = (accuracy(fp32) - accuracy(fp8)) / accuracy(fp32)
    else:
        a = np.concatenate([x.ravel() for x in fp32])
        b = np.concatenate([x.ravel() for x in fp8])
        value = np.linalg.norm(b - a) / np.linalg.norm(a)
    ok = abs(value - metric["achieved"]) <= 1e-6 * max(1.0, abs(value))
    print(("reproduced" if ok else "differs") + f": {value:.6g} (recipe: {metric['achieved']:.6g})")


if __name__ == "__main__":
    main()
