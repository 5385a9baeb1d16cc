import Dispatch

/// Runs `body(0) ... body(count - 1)` on all cores and returns the results in index order.
/// Results do not depend on scheduling, so a seeded run gives the same numbers on any machine.
func parallelMap<Result: Sendable>(_ count: Int, _ body: @Sendable (Int) -> Result) -> [Result] {
    let results = ResultSlots<Result>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { index in results.slots[index] = body(index) }
    return results.slots.map { $0! }
}

/// One slot per task; each task writes only its own slot, so sharing the buffer is safe.
private final class ResultSlots<Result>: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<Result?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    /// Releases the results (gradients and activations, megabytes per batch) before the
    /// memory: deallocating alone would leak every array the slots still reference.
    deinit {
        slots.deinitialize()
        slots.deallocate()
    }
}

extension Tensor {
    /// Examples `range` as a new tensor.
    func examples(_ range: Range<Int>) -> Tensor {
        Tensor(batch: range.count, shape: shape, values: Array(values[range.lowerBound * exampleSize..<range.upperBound * exampleSize]))
    }

    /// The examples of `parts`, one after another; all must share a shape.
    init(concatenating parts: [Tensor]) {
        self.init(batch: parts.reduce(0) { $0 + $1.batch }, shape: parts[0].shape, values: parts.flatMap(\.values))
    }

    /// Splits `0..<batch` into at most `count` contiguous, nearly equal, non-empty ranges.
    static func shardRanges(batch: Int, count: Int) -> [Range<Int>] {
        let shards = max(1, min(count, batch))
        return (0..<shards).map { shard in (shard * batch / shards)..<((shard + 1) * batch / shards) }
    }
}
