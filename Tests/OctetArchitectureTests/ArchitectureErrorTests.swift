import OctetArchitecture
import Testing
@testable import OctetTrain

/// Every kind of mistake raises its own problem, and the sentence names the file, line,
/// layer and what is wrong.
@Suite struct ArchitectureErrorTests {
    /// Fails the test unless building `yaml` raises `problem` at `line` in `layer`, with
    /// every one of `phrases` in the description.
    func expectError(
        _ yaml: String, _ problem: ArchitectureError.Problem, line: Int?, layer: String?, _ phrases: [String],
        shape: ActivationShape? = ActivationShape(height: 8, width: 8, channels: 4), sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let error = buildError(yaml, shape: shape) else {
            Issue.record("built without error", sourceLocation: sourceLocation)
            return
        }
        #expect(error.problem == problem, "\(error)", sourceLocation: sourceLocation)
        #expect(error.file == testFile && error.line == line && error.layer == layer, "\(error)", sourceLocation: sourceLocation)
        let expectedStart = "\(testFile)" + (line.map { ":\($0)" } ?? "") + ": " + (layer.map { "layer '\($0)': " } ?? "")
        #expect(error.description.hasPrefix(expectedStart), "\(error)", sourceLocation: sourceLocation)
        for phrase in phrases {
            #expect(error.description.contains(phrase), "'\(phrase)' missing from: \(error)", sourceLocation: sourceLocation)
        }
    }

    let head = "layers:\n"
    let tail = "\n  - {name: logits, type: dense, units: $classes}"

    @Test func syntaxErrorsGiveTheLine() {
        expectError("layers:\n  - {name: a, type: relu\n  - {name: b}\n", .syntax, line: 3, layer: nil, ["YAML syntax error"])
        expectError("layers:\n  - {name: a, name: b, type: relu}\n", .syntax, line: 2, layer: nil, ["repeats the key(s) name"])
    }

    @Test func malformedStructure() {
        expectError("- a\n- b\n", .malformed, line: nil, layer: nil, ["must be a YAML mapping"])
        expectError("layers: 3\n", .malformed, line: nil, layer: nil, ["needs a non-empty 'layers' list"])
        expectError("layers:\n  - relu\n", .malformed, line: 2, layer: nil, ["must be a mapping"])
        expectError("input: {height: 8, width: 8}\nlayers:\n  - {type: relu}\n", .missingField, line: 1, layer: nil, ["'channels'"])
        expectError("lyers: []\n", .unknownField, line: 1, layer: nil, ["has no field 'lyers'"])
    }

    @Test func unknownLayerTypeListsTheTypes() {
        expectError(head + "  - {name: fc, type: dens, units: 3}", .unknownLayerType, line: 2, layer: "fc",
                    ["unknown type 'dens'", "conv, batchnorm, relu"])
        expectError(head + "  - {name: x, filters: 3}", .missingField, line: 2, layer: "x", ["needs a 'type' (a layer) or a 'block'"])
    }

    @Test func unknownFieldListsTheFields() {
        expectError(head + "  - {name: c1, type: conv, filter: 8}" + tail, .unknownField, line: 2, layer: "c1",
                    ["a conv layer has no field 'filter'", "filters, kernel"])
        expectError(head + "  - {name: r, type: relu, rate: 1}" + tail, .unknownField, line: 2, layer: "r", ["no field 'rate'"])
    }

    @Test func missingRequiredFields() {
        expectError(head + "  - {name: c, type: conv}" + tail, .missingField, line: 2, layer: "c", ["needs the field 'filters'"])
        expectError(head + "  - {name: d, type: dropout}" + tail, .missingField, line: 2, layer: "d", ["needs the field 'rate'"])
        expectError(head + "  - {name: logits, type: dense}", .missingField, line: 2, layer: "logits", ["'units'"])
    }

    @Test func badParameterValues() {
        expectError(head + "  - {name: c, type: conv, filters: 4, kernel: 5, padding: valid}" + tail, .badValue, line: 2, layer: "c",
                    ["the 5x5 kernel is larger than its input 3x3x4"], shape: ActivationShape(height: 3, width: 3, channels: 4))
        expectError(head + "  - {name: c, type: conv, filters: 4, kernel: 3, dilation: 3, padding: valid}" + tail, .badValue, line: 2, layer: "c",
                    ["7x7 kernel (dilated)"], shape: ActivationShape(height: 3, width: 3, channels: 4))
        expectError(head + "  - {name: p, type: maxpool, kernel: 9}" + tail, .badValue, line: 2, layer: "p", ["9x9 kernel", "8x8x4"])
        expectError(head + "  - {name: dw, type: conv, filters: 6, groups: 3}" + tail, .badValue, line: 2, layer: "dw",
                    ["groups 3 must divide both the 4 input channels and the 6 filters"])
        expectError(head + "  - {name: c, type: conv, filters: 0}" + tail, .badValue, line: 2, layer: "c",
                    ["field 'filters' is 0, but must be a positive integer"])
        expectError(head + "  - {name: c, type: conv, filters: 2, stride: [1, 0]}" + tail, .badValue, line: 2, layer: "c", ["'stride'"])
        expectError(head + "  - {name: c, type: conv, filters: 2, padding: -1}" + tail, .badValue, line: 2, layer: "c", ["'padding'"])
        expectError(head + "  - {name: c, type: conv, filters: 2, activation: tanh}" + tail, .badValue, line: 2, layer: "c",
                    ["relu, relu6 or none"])
        expectError(head + "  - {name: d, type: dropout, rate: 1}" + tail, .badValue, line: 2, layer: "d", ["in [0, 1)"])
        expectError(head + "  - {name: c, type: conv, filters: 2, bias: maybe}" + tail, .badValue, line: 2, layer: "c", ["true or false"])
        expectError(head + "  - {name: big, type: dense, units: 100000000}" + tail, .badValue, line: 2, layer: "big", ["weights"])
        expectError(head + "  - {name: r, type: relu, inputs: [input, input]}" + tail, .badValue, line: 2, layer: "r", ["takes one input"])
        expectError(head + "  - {name: s, type: add}" + tail, .badValue, line: 2, layer: "s", ["two or more inputs"])
    }

    @Test func shapeMismatchPrintsBothShapes() {
        expectError(head + "  - {name: p, type: maxpool}\n  - {name: s, type: add, inputs: [p, input]}" + tail, .shapeMismatch,
                    line: 3, layer: "s", ["add needs inputs of one shape", "'p' is 4x4x4", "'input' is 8x8x4"])
        expectError(head + "  - {name: p, type: maxpool}\n  - {name: j, type: concat, inputs: [input, p]}" + tail, .shapeMismatch,
                    line: 3, layer: "j", ["one height and width", "'input' is 8x8x4", "'p' is 4x4x4"])
    }

    @Test func unknownAndDanglingInputs() {
        expectError(head + "  - {name: a, type: relu}\n  - {name: b, type: relu, input: x}" + tail, .unknownInput, line: 3, layer: "b",
                    ["takes input 'x'", "(a, b, logits)"])
        expectError(head + "  - {name: a, type: relu}\n  - {name: b, type: relu, input: input}" + tail, .danglingLayer, line: 2, layer: "a",
                    ["is dangling", "'logits' does not depend on it"])
        expectError(BlockTests.residual + "layers:\n  - {name: r, block: residual, channels: 4}\n  - {name: x, type: relu, input: conv1}" + tail,
                    .unknownInput, line: 12, layer: "x", ["takes input 'conv1'"])
    }

    @Test func insideABlockOnlyLocalNamesAndInput() {
        let yaml = """
            blocks:
              b:
                layers:
                  - {name: r, type: relu, input: stem}
            layers:
              - {name: stem, type: relu}
              - {name: use, block: b}
            """ + tail
        expectError(yaml, .unknownInput, line: 4, layer: "use.r", ["takes input 'stem'", "block 'use'"])
    }

    @Test func blockOutputMustBeOneOfItsLayers() {
        expectError("blocks:\n  b:\n    output: nothing\n    layers:\n      - {name: r, type: relu}\nlayers:\n  - {name: use, block: b}" + tail,
                    .unknownInput, line: 3, layer: nil, ["block 'b' names the output 'nothing', which is not one of its layers (r)"])
    }

    @Test func duplicateNames() {
        expectError(head + "  - {name: a, type: relu}\n  - {name: a, type: relu}" + tail, .duplicateName, line: 3, layer: "a", ["'a' is used twice"])
        expectError(head + "  - {name: c, type: conv, filters: 4, bn: true}\n  - {name: c.bn, type: relu}" + tail, .duplicateName, line: nil,
                    layer: "c.bn", ["used twice"])
        expectError(head + "  - {name: input, type: relu}" + tail, .badValue, line: 2, layer: nil, ["'input' is reserved"])
    }

    @Test func cycles() {
        expectError(head + "  - {name: a, type: add, inputs: [b, input]}\n  - {name: b, type: relu, input: a}\n  - {name: logits, type: dense, units: $classes, input: b}",
                    .cycle, line: 2, layer: "a", ["the layers form a cycle: a → b → a"])
        expectError("blocks:\n  b:\n    layers:\n      - {name: inner, block: b}\nlayers:\n  - {name: outer, block: b}" + tail,
                    .cycle, line: 4, layer: "outer.inner", ["block 'b' uses itself: b → b"])
    }

    @Test func blockParameters() {
        let uses = { (arguments: String) in BlockTests.residual + "layers:\n  - {name: r, block: residual\(arguments)}" + self.tail }
        expectError(uses(""), .missingBlockParameter, line: 11, layer: "r", ["block 'residual' needs the parameter 'channels'"])
        expectError(uses(", channels: 4, width: 2"), .unknownBlockParameter, line: 11, layer: "r",
                    ["block 'residual' has no parameter 'width'", "channels, stride"])
        expectError(head + "  - {name: c, type: conv, filters: $width}" + tail, .missingBlockParameter, line: 2, layer: "c",
                    ["uses '$width'", "$classes"])
        expectError(head + "  - {name: r, block: nothing}" + tail, .unknownBlock, line: 2, layer: "r", ["block 'nothing', which is not defined"])
        expectError(uses(", channels: 4, type: relu"), .badValue, line: 11, layer: "r", ["both 'type' and 'block'"])
    }

    @Test func blockParameterNamesCannotBeFieldNames() {
        expectError("blocks:\n  b:\n    parameters: [repeat]\n    layers:\n      - {type: relu}\nlayers:\n  - {name: use, block: b}" + tail,
                    .malformed, line: 3, layer: nil, ["block 'b' cannot have a parameter named 'repeat'"])
    }

    @Test func wrongOutputNamesTheClassCount() {
        expectError(head + "  - {name: g, type: globalavgpool}", .wrongOutput, line: 2, layer: "g",
                    ["produces 1x1x4", "the 3 classes need 1x1x3"])
    }

    @Test func inputShapeAndClassesMustAgreeWithTheData() throws {
        let file = try ArchitectureFile(
            yaml: "input: {height: 8, width: 8, channels: 1}\nclasses: [a, b]\nlayers:\n  - {name: logits, type: dense, units: $classes}",
            file: testFile)
        #expect(throws: ArchitectureError(.inputShapeMismatch, file: testFile, "declares the input 8x8x1, but the images are 8x8x3")) {
            try file.makeModel(inputShape: ActivationShape(height: 8, width: 8, channels: 3), seed: 1)
        }
        #expect(throws: ArchitectureError(.classMismatch, file: testFile, "lists the classes [\"a\", \"b\"], but the data has [\"a\", \"c\"]")) {
            try file.makeModel(classLabels: ["a", "c"], seed: 1)
        }
        let open = try ArchitectureFile(yaml: "layers:\n  - {name: logits, type: dense, units: $classes}", file: testFile)
        #expect(throws: ArchitectureError(.missingInputShape, file: testFile, "declares no input shape; add 'input: {height: …, width: …, channels: …}'")) {
            try open.makeModel(classLabels: ["a", "b"], seed: 1)
        }
        #expect(try file.makeModel(seed: 1).classLabels == ["a", "b"])
    }

    @Test func unreadableFiles() {
        #expect(throws: ArchitectureError.self) { try ArchitectureFile(contentsOf: "/nonexistent/net.yaml") }
        do {
            _ = try ArchitectureFile(named: "resnet50")
            Issue.record("an unknown name loaded")
        } catch {
            #expect(error.problem == .unreadableFile)
            #expect(error.description.hasPrefix("resnet50: is neither a file nor a shipped architecture ("))
            #expect(["plain", "resnet", "densenet"].allSatisfy { error.description.contains($0) })
        }
    }
}
