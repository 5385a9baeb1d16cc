"""Octet beside TFLM and LiteRT on the committed TFLite fixtures (docs/IMPORT.md, "Measured").

For every runnable fixture (or those whose names start with the given prefixes): import it
with `octet import`, write its golden inputs as raw files, time it with
`octet bench --raw int8` and read the arena from the import summary. TFLM's arena comes
from the golden; TFLM's and LiteRT's latency from the JSON `scripts/measure-tflite.sh` wrote
(run it just before, so the times are from the same minutes). Prints a table per fixture
and the totals per family. Plain Python 3, no packages.
"""
import argparse, base64, json, os, pathlib, re, subprocess, sys, tempfile

parser = argparse.ArgumentParser()
parser.add_argument("prefixes", nargs="*")
parser.add_argument("--octet", default=".build/release/octet")
parser.add_argument("--fixtures", default="Tests/OctetImportTests/Fixtures")
parser.add_argument("--peers", default=".build/tflite-measure.json")
parser.add_argument("--iterations", type=int, default=1000)
args = parser.parse_args()

peers = {}
if os.path.exists(args.peers):
    peers = json.load(open(args.peers)).get("fixtures", {})
cpu = os.environ.get("BENCH_CPU", "1")
rows, families = [], {}
with tempfile.TemporaryDirectory() as work:
    for path in sorted(pathlib.Path(args.fixtures).glob("*.json")):
        name = path.stem
        if args.prefixes and not any(name.startswith(p) for p in args.prefixes):
            continue
        golden = json.load(open(path))
        if golden.get("expectError"):
            continue
        model = os.path.join(work, name + ".octet")
        summary = subprocess.run([args.octet, "import", str(path.with_suffix(".tflite")), "-o", model],
                                 capture_output=True, text=True, check=True).stdout
        arena = int(re.search(r"^arena (\d+) bytes", summary, re.M).group(1))
        inputs = os.path.join(work, name)
        os.makedirs(inputs)
        for number, sample in enumerate(golden["samples"]):
            tensor = sample["inputs"][0]
            if tensor["type"] != "int8":
                break  # float-edge fixtures take float inputs; time them on the int8 goldens below
            pathlib.Path(inputs, f"sample{number}.bin").write_bytes(base64.b64decode(tensor["data"]))
        median = None
        if os.listdir(inputs):
            bench = subprocess.run(
                ["taskset", "-c", cpu, args.octet, "bench", "--model", model, "--raw", "int8", "--images", inputs,
                 "--iterations", str(args.iterations), "--json"], capture_output=True, text=True, check=True).stdout
            median = json.loads(bench)["models"][0]["latency"]["medianNs"] / 1000
        peer = peers.get(name, {})
        row = dict(name=name, family=golden["family"], ops=len(golden["ops"]), arena=arena,
                   head=golden.get("arenaHeadBytes"), used=golden["arenaUsedBytes"], octet=median,
                   tflm=peer.get("tflmMedianMicroseconds"), litert=peer.get("litertMedianMicroseconds"))
        rows.append(row)
        family = families.setdefault(row["family"], dict(fixtures=0, ops=0, arena=0, head=0, used=0))
        for key in ("ops", "arena", "head", "used"):
            family[key] += row[key] or 0
        family["fixtures"] += 1

def cell(value, digits=1):
    return "" if value is None else (f"{value:,.{digits}f}" if isinstance(value, float) else f"{value:,}")

print("| fixture | ops | Octet arena | TFLM head | TFLM arena | Octet µs | TFLM µs | LiteRT+XNNPACK µs |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for r in rows:
    print(f"| {r['name']} | {r['ops']} | {cell(r['arena'])} | {cell(r['head'])} | {cell(r['used'])} | "
          f"{cell(r['octet'])} | {cell(r['tflm'])} | {cell(r['litert'])} |")
print()
print("| family | fixtures | ops | Octet arena | TFLM head | TFLM arena |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for name, f in sorted(families.items()):
    print(f"| {name} | {f['fixtures']} | {f['ops']} | {cell(f['arena'])} | {cell(f['head'])} | {cell(f['used'])} |")
