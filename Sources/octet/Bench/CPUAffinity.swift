import Foundation

/// Pins this process to one CPU (`octet bench --cpu N`), so a benchmark is not migrated between
/// CPUs mid-run and two runs compare on the same core, as `taskset -c N` would.
enum CPUAffinity {
    /// The CPUs a mask can name (glibc's `cpu_set_t`: 1,024 bits).
    static let maskBits = 1024

    static func pin(toCPU cpu: Int) throws {
        #if os(Linux)
        guard (0..<maskBits).contains(cpu) else { throw CLIError("--cpu \(cpu): CPU numbers run from 0 to \(maskBits - 1)") }
        // glibc declares sched_setaffinity only under _GNU_SOURCE, which Swift's Glibc module
        // does not set; the symbol itself is always there.
        typealias SetAffinity = @convention(c) (pid_t, Int, UnsafeRawPointer) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sched_setaffinity") else {
            throw CLIError("--cpu \(cpu): this C library has no sched_setaffinity")
        }
        var mask = [UInt64](repeating: 0, count: maskBits / 64)
        mask[cpu / 64] = 1 << UInt64(cpu % 64)
        let status = mask.withUnsafeBytes { unsafeBitCast(symbol, to: SetAffinity.self)(0, $0.count, $0.baseAddress!) }
        guard status == 0 else {
            let reason = String(cString: strerror(errno))
            throw CLIError("--cpu \(cpu): cannot pin to CPU \(cpu) (\(reason)); this machine has \(ProcessInfo.processInfo.activeProcessorCount) CPUs online, numbered from 0")
        }
        #else
        throw CLIError("--cpu \(cpu): pinning to a CPU is supported on Linux only; use the system's own tool")
        #endif
    }

    /// The CPU this thread is running on, or nil where that cannot be asked.
    static func current() -> Int? {
        #if os(Linux)
        typealias GetCPU = @convention(c) () -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sched_getcpu") else { return nil }
        let cpu = unsafeBitCast(symbol, to: GetCPU.self)()
        return cpu >= 0 ? Int(cpu) : nil
        #else
        return nil
        #endif
    }
}
