import Foundation
import Testing
@testable import OctetTrain

/// `parallelMap` must release the results it hands back once the caller drops them: training
/// calls it for every batch, and a leak there grew a 10-epoch run by gigabytes.
@Suite struct ParallelMapTests {
    /// Counts live instances, so a test can see that none outlive their last reference.
    final class Tracked: Sendable {
        static let live = Atomic(0)
        let value: Int
        init(_ value: Int) {
            self.value = value
            Self.live.add(1)
        }
        deinit { Self.live.add(-1) }
    }

    /// A lock-protected counter (tasks create instances on several threads).
    final class Atomic: @unchecked Sendable {
        private let lock = NSLock()
        private var count: Int
        init(_ count: Int) { self.count = count }
        func add(_ delta: Int) { lock.withLock { count += delta } }
        var value: Int { lock.withLock { count } }
    }

    @Test func resultsAreInIndexOrderAndReleasedAfterUse() {
        let before = Tracked.live.value
        do {
            let results = parallelMap(64) { Tracked($0 * 3) }
            #expect(results.map(\.value) == (0..<64).map { $0 * 3 })
            #expect(Tracked.live.value == before + 64)
        }
        #expect(Tracked.live.value == before, "results outlived the array parallelMap returned")
    }
}
