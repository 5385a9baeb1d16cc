import OctetFormat
import OctetRuntime

/// The text of the three files `octet export` writes for a model: the bytes as a C array and
/// a Swift array, and a C header with the sizes and the graph ends' shapes and quantization.
struct ModelSources {
    let name: String
    let header: String
    let cSource: String
    let swiftSource: String

    init(_ loaded: LoadedModel, name: String) {
        self.name = name
        let model = loaded.model
        let bytes = UnsafeRawBufferPointer(start: model.base, count: model.byteCount)
        let file = loaded.path.split(separator: "/").last.map(String.init) ?? loaded.path
        let macro = name.uppercased()
        let origin = "written by `octet export` from \(file) (\(bytes.count) bytes); do not edit."

        var lines = [
            "/* \(name).h: \(origin) */", "#ifndef \(macro)_OCTET_H", "#define \(macro)_OCTET_H", "",
            "#include <stdint.h>", "", "#ifdef __cplusplus", "extern \"C\" {", "#endif", "",
            "/* Bytes of the model. */", "#define \(macro)_SIZE \(bytes.count)u",
            "/* Bytes of arena octet_interpreter_init needs (16-byte align it). */",
            "#define \(macro)_ARENA_SIZE \(model.arenaSize)u",
            "#define \(macro)_OP_COUNT \(model.opCount)",
            "#define \(macro)_INPUT_COUNT \(model.inputCount)",
            "#define \(macro)_OUTPUT_COUNT \(model.outputCount)",
        ]
        for position in 0..<model.inputCount {
            lines += Self.tensorMacros("\(macro)_INPUT\(position)", "Graph input \(position)", model.tensor(model.inputTensorIndex(position)))
        }
        for position in 0..<model.outputCount {
            lines += Self.tensorMacros("\(macro)_OUTPUT\(position)", "Graph output \(position)", model.tensor(model.outputTensorIndex(position)))
        }
        lines += [
            "", "/* The model bytes, 16-byte aligned, in flash (\(name).c): pass them to octet_model_load. */",
            "extern const uint8_t \(name)[\(macro)_SIZE];", "", "#ifdef __cplusplus", "}", "#endif", "", "#endif", "",
        ]
        header = lines.joined(separator: "\n")

        cSource = """
            /* \(name).c: \(origin) */
            #include "\(name).h"

            /* 16-byte aligned, as octet_model_load requires; the .rodata section keeps it in flash. */
            __attribute__((aligned(16), section(".rodata.octet.\(name)")))
            const uint8_t \(name)[\(macro)_SIZE] = {
            \(Self.rows(bytes))
            };

            """

        swiftSource = """
            // \(name).swift: \(origin)

            /// The model bytes. `Model(bytes:)` needs them at a 16-byte aligned address, which an
            /// array's storage does not promise: check `withUnsafeBytes`' address or copy them into
            /// aligned memory. (An Embedded Swift build with `-no-allocations` has no arrays: link
            /// \(name).c instead and declare the array with `@_extern(c)`.)
            let \(name): [UInt8] = [
            \(Self.rows(bytes))
            ]

            /// Bytes of arena the interpreter needs (16-byte aligned).
            let \(name)ArenaSize = \(model.arenaSize)

            """
    }

    /// Whether `text` can name a C array and a Swift constant (ASCII letters, digits and `_`,
    /// not starting with a digit).
    static func isIdentifier(_ text: String) -> Bool {
        func isLetter(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "_") || (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7a }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        guard let first = text.utf8.first, isLetter(first) else { return false }
        return text.utf8.allSatisfy { isLetter($0) || isDigit($0) }
    }

    /// The shape and quantization macros of one graph input or output.
    private static func tensorMacros(_ prefix: String, _ title: String, _ tensor: TensorInfo) -> [String] {
        [
            "", "/* \(title): NHWC shape; real value = scale * (q - zero_point). */",
            "#define \(prefix)_N \(tensor.shape.n)", "#define \(prefix)_H \(tensor.shape.h)",
            "#define \(prefix)_W \(tensor.shape.w)", "#define \(prefix)_C \(tensor.shape.c)",
            "#define \(prefix)_ELEMENTS \(tensor.shape.elementCount)",
            // Swift prints the shortest decimal that reads back as the same Float.
            "#define \(prefix)_SCALE \(tensor.scale)f",
            "#define \(prefix)_ZERO_POINT (\(tensor.zeroPoint))",
        ]
    }

    /// The bytes as hex literals, 16 per indented row, each followed by a comma.
    private static func rows(_ bytes: UnsafeRawBufferPointer) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 6 + bytes.count / 16 * 5)
        for (index, byte) in bytes.enumerated() {
            if index % 16 == 0 {
                if index > 0 { text.append(UInt8(ascii: "\n")) }
                text += "    ".utf8
            } else {
                text.append(UInt8(ascii: " "))
            }
            text += [UInt8(ascii: "0"), UInt8(ascii: "x"), digits[Int(byte >> 4)], digits[Int(byte & 15)], UInt8(ascii: ",")]
        }
        return String(decoding: text, as: UTF8.self)
    }
}
