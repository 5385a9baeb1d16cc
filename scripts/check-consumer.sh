#!/usr/bin/env bash
# Proves Octet works as a versioned dependency: clones this repository's committed HEAD into a
# temporary folder, tags the clone 0.9.0, then builds and runs a consumer package that depends
# on it with `.package(url: "file://<clone>", from: "0.9.0")` and uses every library product.
# The consumer's readme-example/main.swift is the Swift block of the README's "Use Octet as a
# library" section, so that example is compiled and run; every-product/main.swift uses the
# other products and prints a corrupt model's error, which must be a sentence.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone --quiet "$root" "$work/octet"
git -C "$work/octet" tag 0.9.0
consumer=$work/consumer
mkdir -p "$consumer/Sources/readme-example" "$consumer/Sources/every-product"

awk '/^## Use Octet as a library/ { section = 1 }
     section && /^```swift$/ { inside = 1; next }
     inside && /^```$/ { exit }
     inside' "$root/README.md" > "$consumer/Sources/readme-example/main.swift"
if [ ! -s "$consumer/Sources/readme-example/main.swift" ]; then
  echo "error: README.md has no \`\`\`swift block under \"## Use Octet as a library\"" >&2
  exit 1
fi

cat > "$consumer/Package.swift" <<MANIFEST
// swift-tools-version: 6.0
import PackageDescription

let octet: [Target.Dependency] = [
    "OctetRuntime", "OctetFormat", "OctetImage", "OctetTrain", "OctetArchitecture", "OctetQuantize", "OctetImport",
    "OctetClassifier", "OctetC",
].map { .product(name: \$0, package: "octet") }

let package = Package(
    name: "consumer",
    dependencies: [.package(url: "file://$work/octet", from: "0.9.0")],
    targets: [
        .executableTarget(name: "readme-example", dependencies: octet),
        .executableTarget(name: "every-product", dependencies: octet),
    ]
)
MANIFEST

cat > "$consumer/Sources/every-product/main.swift" <<'SWIFT'
import COctet
import Foundation
import OctetArchitecture
import OctetC
import OctetClassifier
import OctetFormat
import OctetImage
import OctetImport
import OctetQuantize
import OctetRuntime
import OctetTrain

let floatModel = try FloatModel(contentsOf: "Samples/models/resnet.octetf")
let quantizer = try Quantizer(model: floatModel)
print("OctetTrain, OctetQuantize: \(floatModel.parameterCount) parameters, \(quantizer.folded.nodes.count) nodes folded")
let resnet = try ArchitectureFile(named: "resnet").makeModel(
    inputShape: ActivationShape(height: 28, width: 28, channels: 1), classLabels: floatModel.classLabels, seed: 1)
print("OctetArchitecture: the shipped resnet file, \(resnet.parameterCount) parameters")
let loaded = try LoadedModel(path: "Samples/models/resnet.octet")
let image = try PNGFile(contentsOf: "Samples/images/1-trouser-00002.png").decode(as: .gray)
print("OctetFormat, OctetImage, OctetClassifier:", try Classifier(loaded).classify(image, top: 1).top[0].label)
let tflite = try TFLiteModel(bytes: Array(Data(contentsOf: URL(fileURLWithPath: "Tests/OctetImportTests/Fixtures/add_relu.tflite"))))
print("OctetImport: \(try TFLiteImporter.importModel(tflite).built.bytes.count) bytes of .octet")
var corrupt = Array(try Data(contentsOf: URL(fileURLWithPath: "Samples/models/resnet.octet")))
corrupt[corrupt.count / 2] ^= 1
do {
    _ = try OctetFile.withAlignedBytes(corrupt) { try Model(bytes: $0) }
} catch {
    print("OctetRuntime: \(error)")
}
print("OctetC: \(String(cString: octet_error_text(OCTET_ERROR_CHECKSUM)))")
SWIFT

echo "consumer: $(cat "$consumer"/Package.swift "$consumer"/Sources/*/main.swift | wc -l) lines"
swift build --package-path "$consumer"
cd "$work/octet"  # the examples name Samples/ and Tests/ relative to the repository
readme=$("$consumer/.build/debug/readme-example")
echo "$readme"
every=$("$consumer/.build/debug/every-product")
echo "$every"
fail() { echo "error: check-consumer: $1" >&2; exit 1; }
head -n 1 <<< "$readme" | grep -q "9-ankle-boot-00000.png Ankle boot" || fail "the README example did not rank \"Ankle boot\" first for the ankle boot"
grep -q "OctetFormat, OctetImage, OctetClassifier: Trouser" <<< "$every" || fail "the trouser image was not classified as \"Trouser\""
grep -q "^OctetRuntime: checksum mismatch" <<< "$every" || fail "the corrupt model was not refused with \"checksum mismatch\""
grep -q "^OctetArchitecture: the shipped resnet file, 85426 parameters" <<< "$every" || fail "the shipped resnet architecture did not build from the dependency"
if grep -Eq "[A-Za-z]+\.[a-z][A-Za-z]*\(" <<< "$every"; then fail "an error printed as an enum case, not a sentence"; fi
echo "check-consumer: a package depending on Octet 0.9.0 by version builds and runs every library product"
