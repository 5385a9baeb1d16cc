"""Octet against the standard int8 runtimes on the same-weights models: single thread, batch 1,
per-call medians over the same real images, measured in the same minutes.

Run by scripts/bench-peers.sh, which makes the virtual environment (ai-edge-litert, onnxruntime,
numpy from PyPI), builds `octet` and pins everything to one CPU. The peer models (not in the
repository; docs/BENCHMARKS.md says where they come from) are, per model NAME:
    NAME_int8.tflite                        TensorFlow Lite converter, full int8, per-channel
    NAME_int8_qdq_minmax_actquint8.onnx     ONNX Runtime quantize_static, QDQ, uint8 activations

Every round times each (model, runtime) case for --calls calls in turn, then runs
`octet bench --json --include-samples` for the same number of calls per model, so load from
other processes hits every runtime alike. Statistics are over all calls of all rounds.
"""
import argparse, gzip, json, os, subprocess, time
import numpy as np
from ai_edge_litert.interpreter import Interpreter, OpResolverType
import onnxruntime as ort

MODELS = ["plain", "resnet", "densenet"]
OCTET = "Octet"
RUNTIMES = [
    "XNNPACK int8 (LiteRT default delegate)",
    "LiteRT builtin, ruy AVX2+FMA only",
    "LiteRT builtin, default ruy path",
    "ONNX Runtime int8 (QDQ, uint8 activations)",
]
FLAGS = ("avx2", "fma", "avx512f", "avx512bw", "avx512_vnni", "avx_vnni", "amx_int8")


def read_idx_images(path):
    with (gzip.open(path) if path.endswith(".gz") else open(path, "rb")) as f:
        data = f.read()
    count, height, width = (int.from_bytes(data[i:i + 4], "big") for i in (4, 8, 12))
    return np.frombuffer(data, np.uint8, offset=16).reshape(count, height, width)


def litert_case(path, pixels, resolver, ruy_paths=None):
    if ruy_paths:                       # ruy reads RUY_PATHS (hex bit mask) once, at its first GEMM
        os.environ["RUY_PATHS"] = ruy_paths
    it = Interpreter(model_path=path, num_threads=1, experimental_op_resolver_type=OpResolverType[resolver])
    it.allocate_tensors()
    index = it.get_input_details()[0]["index"]
    x = (pixels.astype(np.int16) - 128).astype(np.int8)[..., None]   # input scale 1/255, zero point -128
    it.set_tensor(index, x[0:1]); it.invoke()
    os.environ.pop("RUY_PATHS", None)

    def call(i):
        it.set_tensor(index, x[i:i + 1])
        t = time.perf_counter_ns(); it.invoke(); return time.perf_counter_ns() - t
    return call


def ort_case(path, pixels):
    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    x = (pixels.astype(np.float32) * np.float32(1 / 255))[:, None, :, :]   # NCHW float input

    def call(i):
        feed = {name: x[i:i + 1]}
        t = time.perf_counter_ns(); session.run(None, feed); return time.perf_counter_ns() - t
    return call


def peer_cases(folder, pixels):
    cases = {}
    for m in MODELS:
        tflite = os.path.join(folder, f"{m}_int8.tflite")
        onnx = os.path.join(folder, f"{m}_int8_qdq_minmax_actquint8.onnx")
        cases[(m, RUNTIMES[0])] = litert_case(tflite, pixels, "AUTO")
        cases[(m, RUNTIMES[1])] = litert_case(tflite, pixels, "BUILTIN_WITHOUT_DEFAULT_DELEGATES", ruy_paths="21")
        cases[(m, RUNTIMES[2])] = litert_case(tflite, pixels, "BUILTIN_WITHOUT_DEFAULT_DELEGATES")
        cases[(m, RUNTIMES[3])] = ort_case(onnx, pixels)
    return cases


def octet_round(octet, models, images, image_count, calls, warmup):
    command = [octet, "bench", "--json", "--include-samples", "--images", images, "--image-count", str(image_count),
               "--iterations", str(calls), "--rounds", "1", "--warmup", str(warmup)]
    for m in MODELS:
        command += ["--model", os.path.join(models, f"{m}.octet")]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--peer-models", required=True, help="folder with the peers' .tflite and .onnx files")
    parser.add_argument("--octet", required=True, help="the octet executable")
    parser.add_argument("--octet-models", default="Samples/models", help="folder with plain/resnet/densenet.octet")
    parser.add_argument("--images", default="Calibration/test-subset/t10k-2000-images-idx3-ubyte.gz", help="IDX images")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--calls", type=int, default=200, help="calls per case and round")
    parser.add_argument("--warmup", type=int, default=30, help="untimed calls per case (Octet: per round)")
    parser.add_argument("--json", help="also write every statistic to this file")
    args = parser.parse_args()

    pixels = read_idx_images(args.images)
    cases = peer_cases(args.peer_models, pixels)
    flags = open("/proc/cpuinfo").read().split("\nflags")[1].split("\n")[0].split()
    print("cpu int8 flags:", " ".join(f for f in FLAGS if f in flags))
    print("pinned to CPUs:", sorted(os.sched_getaffinity(0)), " load average before:", os.getloadavg())
    samples = {key: [] for key in cases}
    samples.update({(m, OCTET): [] for m in MODELS})
    macs = {}
    for call in cases.values():
        for i in range(args.warmup):
            call(i)
    for r in range(args.rounds):
        for key, call in cases.items():
            start = (r * args.calls) % len(pixels)
            samples[key] += [call((start + i) % len(pixels)) for i in range(args.calls)]
        report = octet_round(args.octet, args.octet_models, args.images, len(pixels), args.calls, args.warmup)
        for model in report["models"]:
            samples[(model["name"], OCTET)] += model["samplesNs"]
            macs[model["name"]] = model["macs"]
        print(f"round {r + 1}/{args.rounds} done", flush=True)
    print("load average after:", os.getloadavg())

    stats = {f"{m} / {runtime}": {"median_us": float(np.median(v)) / 1e3, "p10_us": float(np.percentile(v, 10)) / 1e3,
                                  "p90_us": float(np.percentile(v, 90)) / 1e3, "min_us": float(np.min(v)) / 1e3,
                                  "calls": len(v)}
             for (m, runtime), v in samples.items()}
    median = {key: stats[f"{key[0]} / {key[1]}"]["median_us"] for key in samples}
    print()
    print(f"median µs per call over {args.rounds} × {args.calls} calls (Octet's median ÷ the runtime's in brackets)")
    print(f"| runtime | {' | '.join(MODELS)} |")
    print("|---|" + "---:|" * len(MODELS))
    for runtime in RUNTIMES + [OCTET]:
        cells = [f"{median[(m, runtime)]:.1f}" + ("" if runtime == OCTET else f" ({median[(m, OCTET)] / median[(m, runtime)]:.2f}×)")
                 for m in MODELS]
        print(f"| {runtime} | {' | '.join(cells)} |")
    print(f"| MACs | {' | '.join(f'{macs[m]:,}' for m in MODELS)} |")
    print()
    print("p10 / p90 µs:")
    for runtime in RUNTIMES + [OCTET]:
        print(f"  {runtime:45s}" + "".join(
            f"  {m} {stats[f'{m} / {runtime}']['p10_us']:.1f} / {stats[f'{m} / {runtime}']['p90_us']:.1f}" for m in MODELS))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"cpu_flags": [f for f in FLAGS if f in flags], "stats": stats, "macs": macs}, f, indent=2)


if __name__ == "__main__":
    main()
