// The demo every board and the host run (scripts/run-embedded.sh): loads the model that
// Model.S placed in flash, runs it in the board's arena on a fixed input and prints
//
//     op <index> <kind> <FNV-1a 32 of the op's output bytes, hex>     one line per op
//     output <index> <int8 value>                                      one line per output element
//
// The ops are first run one at a time (`invoke(step:)`), each output hashed right after it
// is written, before the arena plan reuses its bytes; then the whole model runs in one
// `invoke()` between two `board_mark()` calls, where an instruction counter can measure it,
// and its output is printed. Compiled in one module with the runtime's sources (Embedded
// Swift needs whole-module builds), so there is no `import OctetRuntime`.

@_cdecl("main")
func demoMain() -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: octet_model_address(), count: octet_model_size())
    let arena = UnsafeMutableRawBufferPointer(start: octet_arena_address(), count: octet_arena_size())
    do throws(ModelError) {
        let model = try Model(bytes: bytes)
        let interpreter = try Interpreter(model: model, arena: arena)
        fillInput(interpreter)
        for step in 0..<model.opCount {
            interpreter.invoke(step: step)
            let op = model.op(step)
            writeText("op ")
            writeDecimal(step)
            writeText(" ")
            writeText(op.kind.name)
            writeText(" ")
            writeHex(fnv1a(interpreter.arenaTensor(op.output)))
            writeText("\n")
        }
        fillInput(interpreter)
        board_mark()
        interpreter.invoke()
        board_mark()
        let output = interpreter.output()
        for index in 0..<output.shape.elementCount {
            writeText("output ")
            writeDecimal(index)
            writeText(" ")
            writeDecimal(Int(output.data[index]))
            writeText("\n")
        }
        return 0
    } catch {
        writeText("model rejected\n")
        return 2
    }
}

/// A fixed input pattern every side reproduces. Refilled before each run: the arena plan may
/// reuse the input's bytes once the ops that read it have run.
func fillInput(_ interpreter: Interpreter) {
    let input = interpreter.input()
    for index in 0..<input.shape.elementCount {
        input.data[index] = Int8(truncatingIfNeeded: (index &* 37 &+ 11) % 256)
    }
}

/// FNV-1a (32-bit) of a tensor's bytes.
func fnv1a(_ tensor: Int8Tensor) -> UInt32 {
    var hash: UInt32 = 0x811c_9dc5
    for index in 0..<tensor.shape.elementCount {
        hash = (hash ^ UInt32(truncatingIfNeeded: UInt8(bitPattern: tensor.data[index]))) &* 0x0100_0193
    }
    return hash
}

func writeText(_ text: StaticString) {
    text.withUTF8Buffer { for byte in $0 { board_write_byte(byte) } }
}

/// A signed integer in decimal, without allocating.
func writeDecimal(_ value: Int) {
    if value < 0 { board_write_byte(UInt8(ascii: "-")) }
    var magnitude = value < 0 ? -value : value
    var divisor = 1
    while magnitude / divisor >= 10 { divisor *= 10 }
    while divisor > 0 {
        board_write_byte(UInt8(48 + magnitude / divisor))
        magnitude %= divisor
        divisor /= 10
    }
}

/// Eight hex digits.
func writeHex(_ value: UInt32) {
    let digits: StaticString = "0123456789abcdef"
    for position in stride(from: 28, through: 0, by: -4) {
        board_write_byte(digits.utf8Start[Int((value >> UInt32(position)) & 0xf)])
    }
}
