"""Per fixture: TFLM arena_used_bytes, TFLM invoke latency and LiteRT (tf.lite.Interpreter,
default XNNPACK delegate, one thread) invoke latency: the median over many calls after warm-up,
taken in several rounds over all fixtures, and the lowest round's median reported (the machine
is shared; the lowest median is the least disturbed). Prints a markdown table with the CPU it
ran on and writes the figures as JSON. Run by scripts/measure-tflite.sh."""

import argparse
import json
import os
import platform
import statistics
import sys
import time

import numpy as np
import tensorflow as tf

import flatbuffer
import goldens
import tflm

WARM_UP = 20


def cpu():
    model, flags = "unknown", set()
    with open("/proc/cpuinfo") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key.strip() == "model name":
                model = value.strip()
            elif key.strip() == "flags":
                flags = set(value.split())
    return {"model": model, "machine": platform.machine(),
            "flags": {f: f in flags for f in ("avx2", "avx512f", "avx512_vnni", "avx_vnni", "amx_int8")},
            "cpusAllowed": len(os.sched_getaffinity(0))}


def median_microseconds(invoke, calls):
    for _ in range(WARM_UP):
        invoke()
    times = []
    for _ in range(calls):
        start = time.perf_counter_ns()
        invoke()
        times.append(time.perf_counter_ns() - start)
    return statistics.median(times) / 1000.0


def measure(path, calls):
    """One round for one fixture: arena bytes and both interpreters' median µs."""
    with open(path, "rb") as f:
        model_bytes = f.read()
    model = flatbuffer.load(model_bytes)
    graph = model.subgraphs[0]
    rng = np.random.default_rng(0)
    inputs = [goldens.sample_input(flatbuffer.tensor_meta(model, i), rng, 0) for i in graph.inputs]

    micro = tflm.interpreter(model_bytes)
    tflm.run(micro, inputs, len(graph.outputs))
    arena = tflm.arena_used_bytes(micro)[0]
    micro_us = median_microseconds(micro.invoke, calls)

    litert = tf.lite.Interpreter(model_content=model_bytes, num_threads=1)
    litert.allocate_tensors()
    for detail, data in zip(litert.get_input_details(), inputs):
        litert.set_tensor(detail["index"], data)
    litert_us = median_microseconds(litert.invoke, calls)
    return {"arenaUsedBytes": arena, "tflmMedianMicroseconds": round(micro_us, 1),
            "litertMedianMicroseconds": round(litert_us, 1), "ops": len(graph.operators)}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", required=True)
    parser.add_argument("prefixes", nargs="*")
    args = parser.parse_args()
    names = sorted(f[:-7] for f in os.listdir(args.fixtures) if f.endswith(".tflite")
                   and (not args.prefixes or f.startswith(tuple(args.prefixes))))
    machine = cpu()
    results = {}
    for round_index in range(args.rounds):
        for name in names:
            r = measure(os.path.join(args.fixtures, name + ".tflite"), args.calls)
            best = results.setdefault(name, r)
            for key in ("tflmMedianMicroseconds", "litertMedianMicroseconds"):
                best[key] = min(best[key], r[key])
        print(f"round {round_index + 1} of {args.rounds} done", file=sys.stderr, flush=True)
    print(f"CPU: {machine['model']} ({machine['machine']}); "
          + ", ".join(f"{k} {'yes' if v else 'no'}" for k, v in machine["flags"].items())
          + f"; {args.calls} timed calls after {WARM_UP} warm-up, lowest median of {args.rounds}"
          + f" rounds, one thread; load average {os.getloadavg()[0]:.1f}\n")
    print("| fixture | ops | TFLM arena bytes | TFLM µs | LiteRT+XNNPACK µs |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, r in results.items():
        print(f"| {name} | {r['ops']} | {r['arenaUsedBytes']} | {r['tflmMedianMicroseconds']} "
              f"| {r['litertMedianMicroseconds']} |")
    with open(args.json, "w") as f:
        json.dump({"cpu": machine, "calls": args.calls, "warmUp": WARM_UP, "rounds": args.rounds,
                   "loadAverage": os.getloadavg()[0],
                   "tensorflow": tf.__version__, "fixtures": results}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
