import Foundation
import OctetArchitecture
import Testing
@testable import OctetTrain

/// Blocks: parameters and defaults, prefixed names, block-local inputs, `repeat`, nesting.
@Suite struct BlockTests {
    static let residual = """
        blocks:
          residual:
            parameters: {channels: null, stride: 1}
            layers:
              - {name: conv1, type: conv, filters: $channels, stride: $stride, bn: true, activation: relu}
              - {name: conv2, type: conv, filters: $channels, bn: true}
              - {name: shortcut, type: conv, filters: $channels, kernel: 1, stride: $stride, input: input}
              - {name: add, type: add, inputs: [conv2, shortcut]}
              - {name: relu, type: relu}

        """

    @Test func namesArePrefixedAndInputsAreBlockLocal() throws {
        let model = try buildModel(Self.residual + """
            layers:
              - {name: down, block: residual, channels: 6, stride: 2}
              - {name: logits, type: dense, units: $classes}
            """)
        #expect(model.nodes.map(\.name) == [
            "input", "down.conv1.conv", "down.conv1.bn", "down.conv1.relu", "down.conv2.conv", "down.conv2.bn",
            "down.shortcut", "down.add", "down.relu", "logits",
        ])
        #expect(model.node("down.shortcut")?.inputs == [0])
        #expect(model.node("down.add")?.inputs == [model.node("down.conv2.bn")!.id, model.node("down.shortcut")!.id])
        #expect(model.node("down.relu")?.outputShape == ActivationShape(height: 4, width: 4, channels: 6))
        #expect(model.node("logits")?.inputs == [model.node("down.relu")!.id])
    }

    @Test func repeatMakesNumberedChainedCopiesWithDefaults() throws {
        let model = try buildModel(Self.residual + """
            layers:
              - {name: stage, block: residual, channels: 4, repeat: 3}
              - {name: pool, type: globalavgpool}
              - {name: logits, type: dense, units: $classes}
            """)
        for copy in 1...3 {
            let conv = try #require(model.node("stage\(copy).conv1.conv"))
            let expectedInput = copy == 1 ? 0 : model.node("stage\(copy - 1).relu")!.id
            #expect(conv.inputs == [expectedInput])
            #expect(conv.outputShape == ActivationShape(height: 8, width: 8, channels: 4))  // default stride 1
        }
        #expect(model.node("pool")?.inputs == [model.node("stage3.relu")!.id])
        #expect(model.nodes.count == 1 + 3 * 8 + 2)
    }

    @Test func repeatOnAPlainLayerAndReferenceToTheLastCopy() throws {
        let model = try buildModel("""
            layers:
              - {name: conv, type: conv, filters: 4, bn: true, activation: relu, repeat: 2}
              - {name: sum, type: add, inputs: [conv, input]}
              - {name: logits, type: dense, units: $classes}
            """)
        #expect(model.nodes.map(\.name).prefix(7) == ["input", "conv1.conv", "conv1.bn", "conv1.relu", "conv2.conv", "conv2.bn", "conv2.relu"])
        #expect(model.node("sum")?.inputs == [model.node("conv2.relu")!.id, 0])
    }

    @Test func nestedBlocksOutputAndParametersInsideLists() throws {
        let model = try buildModel("""
            blocks:
              pair:
                parameters: [k]
                output: join
                layers:
                  - {name: join, type: add, inputs: [second, input]}
                  - {name: first, type: conv, filters: 4, kernel: [1, $k], input: input}
                  - {name: second, type: relu, input: first}
              stage:
                parameters: [k]
                layers:
                  - {name: unit, block: pair, k: $k}
                  - {name: out, type: relu}
            layers:
              - {name: s, block: stage, k: 3}
              - {name: logits, type: dense, units: $classes}
            """)
        #expect(model.nodes.map(\.name) == ["input", "s.unit.first", "s.unit.second", "s.unit.join", "s.out", "logits"])
        guard case .convolution(let convolution) = model.node("s.unit.first")?.layer else { Issue.record("no conv"); return }
        #expect(convolution.window.kernelHeight == 1 && convolution.window.kernelWidth == 3)
        #expect(model.node("s.out")?.inputs == [model.node("s.unit.join")!.id])
    }

    @Test func classesIsAParameterEverywhere() throws {
        let model = try buildModel("""
            blocks:
              head:
                layers:
                  - {name: pool, type: globalavgpool}
                  - {name: logits, type: dense, units: $classes}
            layers:
              - {name: head, block: head}
            """, classes: 5)
        #expect(model.output.name == "head.logits")
        #expect(model.output.outputShape.channels == 5)
    }

    @Test func sameFileAndSeedGiveTheSameWeights() throws {
        let text = Self.residual + "layers:\n  - {name: b, block: residual, channels: 4}\n  - {name: logits, type: dense, units: $classes}"
        #expect(try buildModel(text, seed: 3) == buildModel(text, seed: 3))
        #expect(try buildModel(text, seed: 3) != buildModel(text, seed: 4))
    }
}

/// The full example in docs/ARCHITECTURES.md builds, with the layer names the doc lists.
@Suite struct DocumentationExampleTests {
    @Test func fullExampleBuilds() throws {
        let doc = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/ARCHITECTURES.md"),
            encoding: .utf8)
        let start = try #require(doc.range(of: "```yaml\n"))
        let end = try #require(doc.range(of: "\n```", range: start.upperBound..<doc.endIndex))
        let model = try buildModel(String(doc[start.upperBound..<end.lowerBound]), shape: nil)
        let names = model.nodes.map(\.name)
        #expect(names.prefix(5) == ["input", "stem.conv", "stem.bn", "stem.relu", "down.conv1.conv"])
        #expect(names.suffix(4) == ["stage2.relu", "pool", "drop", "logits"])
        #expect(model.classLabels.count == 10 && model.preprocessing.shape == ActivationShape(height: 28, width: 28, channels: 1))
    }
}
