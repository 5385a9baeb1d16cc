import OctetArchitecture
import Testing
@testable import OctetTrain

/// The summary's receptive fields match the input pixels that actually move an output, and
/// its parameter and MAC counts follow from the layer shapes.
@Suite struct ModelSummaryTests {
    /// Linear layers only (no ReLU, average not max pooling), so every input pixel inside the
    /// receptive field changes the output (random weights never cancel exactly).
    static let linear = """
        input: {height: 32, width: 32, channels: 1}
        classes: [a, b]
        layers:
          - {name: c1, type: conv, filters: 2, bias: true}
          - {name: p, type: avgpool}
          - {name: c2, type: conv, filters: 2, dilation: 2}
          - {name: c3, type: conv, filters: 2, kernel: [1, 3], stride: [1, 2]}
          - {name: logits, type: dense, units: $classes}
        """

    @Test func receptiveFieldIsTheSpanOfInputPixelsThatMoveAnOutput() throws {
        let model = try buildModel(Self.linear, shape: nil, seed: 11)
        let summary = ModelSummary(model)
        let shape = model.preprocessing.shape
        var generator = SeededGenerator(seed: 3)
        let base = Tensor(batch: 1, shape: shape, values: (0..<shape.elementCount).map { _ in generator.nextNormal() })
        let reference = model.activations(base)
        // Per probed (node, output pixel): the input pixels whose change moves it.
        struct Probe: Hashable { var node: Int; var y: Int; var x: Int }
        var probes: [Probe] = []
        for name in ["c1", "p", "c2", "c3"] {
            // An output pixel away from the borders, and its lower and right neighbours.
            let node = try #require(model.node(name))
            let (y, x) = (node.outputShape.height / 2, node.outputShape.width / 2)
            probes += [Probe(node: node.id, y: y, x: x), Probe(node: node.id, y: y + 1, x: x), Probe(node: node.id, y: y, x: x + 1)]
        }
        var moved: [Probe: [(y: Int, x: Int)]] = [:]
        for inputY in 0..<shape.height {
            for inputX in 0..<shape.width {
                var input = base
                input.values[inputY * shape.width + inputX] += 1
                let outputs = model.activations(input)
                for probe in probes {
                    let outputShape = model.nodes[probe.node].outputShape
                    let index = (probe.y * outputShape.width + probe.x) * outputShape.channels
                    if outputs[probe.node].values[index] != reference[probe.node].values[index] { moved[probe, default: []].append((inputY, inputX)) }
                }
            }
        }
        for probe in probes where probe.y == model.nodes[probe.node].outputShape.height / 2 && probe.x == model.nodes[probe.node].outputShape.width / 2 {
            let name = model.nodes[probe.node].name
            let row = try #require(summary.rows.first { $0.name == name })
            let here = moved[probe]!, below = moved[Probe(node: probe.node, y: probe.y + 1, x: probe.x)]!
            let right = moved[Probe(node: probe.node, y: probe.y, x: probe.x + 1)]!
            let top = here.map(\.y).min()!, left = here.map(\.x).min()!
            #expect(row.receptiveField == [here.map(\.y).max()! - top + 1, here.map(\.x).max()! - left + 1], "\(name)")
            #expect(row.jump == [below.map(\.y).min()! - top, right.map(\.x).min()! - left], "\(name)")
        }
        #expect(summary.rows.first { $0.name == "c3" }?.receptiveField == [12, 16])
    }

    @Test func parametersAndMACsFollowFromTheShapes() throws {
        let model = try buildModel("""
            layers:
              - {name: dw, type: conv, filters: 8, groups: 4, stride: 2, bias: true}
              - {name: bn, type: batchnorm}
              - {name: logits, type: dense, units: $classes}
            """)
        let summary = ModelSummary(model)
        let rows = Dictionary(uniqueKeysWithValues: summary.rows.map { ($0.name, $0) })
        // 8×8×4 input, stride 2: 4×4×8 outputs, each 3·3·(4/4) taps.
        #expect(rows["dw"]?.outputShape == [4, 4, 8])
        #expect(rows["dw"]?.macs == 4 * 4 * 8 * 9 && rows["dw"]?.parameters == 8 * 9 + 8)
        #expect(rows["bn"]?.macs == 0 && rows["bn"]?.parameters == 16)
        #expect(rows["logits"]?.macs == 128 * 3 && rows["logits"]?.parameters == 128 * 3 + 3)
        #expect(rows["logits"]?.inputs == ["bn"] && rows["logits"]?.type == "dense")
        #expect(summary.totalParameters == model.parameterCount)
        #expect(summary.totalMACs == summary.rows.reduce(0) { $0 + $1.macs })
        #expect(summary.inputShape == [8, 8, 4] && summary.classes == 3)
    }
}
