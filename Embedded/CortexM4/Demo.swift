// Loads the generated model from flash, runs it in a static arena on a deterministic input
// and prints the int8 output, one value per line. The same file runs on the host (with
// `HostBoard.c`) so the two outputs can be compared byte for byte. It is compiled in one
// module with the runtime's sources (Embedded Swift needs whole-module builds), so there is
// no `import OctetRuntime`.

@_cdecl("main")
func demoMain() -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: octet_model_address(), count: octet_model_size())
    let arena = UnsafeMutableRawBufferPointer(start: octet_arena_address(), count: octet_arena_size())
    do throws(ModelError) {
        let model = try Model(bytes: bytes)
        let interpreter = try Interpreter(model: model, arena: arena)
        let input = interpreter.input()
        for index in 0..<input.shape.elementCount {
            // A fixed pattern both sides can reproduce.
            input.data[index] = Int8(truncatingIfNeeded: (index &* 37 &+ 11) % 256)
        }
        interpreter.invoke()
        let output = interpreter.output()
        for index in 0..<output.shape.elementCount { printLine(Int(output.data[index])) }
        return 0
    } catch {
        writeText("model rejected\n")
        return 2
    }
}

func writeText(_ text: StaticString) {
    text.withUTF8Buffer { for byte in $0 { board_write_byte(byte) } }
}

/// Prints a signed integer and a newline without allocating.
func printLine(_ value: Int) {
    if value < 0 { board_write_byte(UInt8(ascii: "-")) }
    var magnitude = value < 0 ? -value : value
    var divisor = 1
    while magnitude / divisor >= 10 { divisor *= 10 }
    while divisor > 0 {
        board_write_byte(UInt8(48 + magnitude / divisor))
        magnitude %= divisor
        divisor /= 10
    }
    board_write_byte(10)
}
