import OctetRuntime

/// Places arena tensors so that tensors alive at the same step never share bytes: greedy
/// by size (largest first), each at the lowest 16-byte aligned offset that fits between the
/// tensors already placed whose lifetimes overlap it, as TensorFlow Lite Micro's planner does.
public enum ArenaPlanner {
    /// A tensor to place: its size and the steps during which it is alive (inclusive).
    public struct Request: Equatable, Sendable {
        public var byteCount: Int
        public var firstStep: Int
        public var lastStep: Int

        public init(byteCount: Int, firstStep: Int, lastStep: Int) {
            self.byteCount = byteCount
            self.firstStep = firstStep
            self.lastStep = lastStep
        }

        func overlapsLifetime(of other: Request) -> Bool {
            firstStep <= other.lastStep && other.firstStep <= lastStep
        }
    }

    public struct Plan: Equatable, Sendable {
        /// Offset of each request, in request order.
        public var offsets: [Int]
        /// Bytes the arena needs.
        public var arenaSize: Int
        /// No plan can be smaller: the largest sum of aligned sizes alive at one step.
        public var lowerBound: Int
    }

    public static func plan(_ requests: [Request]) -> Plan {
        let order = requests.indices.sorted { a, b in
            let (x, y) = (requests[a], requests[b])
            if x.byteCount != y.byteCount { return x.byteCount > y.byteCount }
            if x.firstStep != y.firstStep { return x.firstStep < y.firstStep }
            return a < b
        }
        var offsets = [Int](repeating: -1, count: requests.count)
        var placed: [Int] = []
        for index in order {
            let request = requests[index]
            let neighbours = placed
                .filter { requests[$0].overlapsLifetime(of: request) }
                .sorted { offsets[$0] < offsets[$1] }
            var candidate = 0
            for neighbour in neighbours {
                if candidate + request.byteCount <= offsets[neighbour] { break }
                candidate = max(candidate, aligned(offsets[neighbour] + requests[neighbour].byteCount))
            }
            offsets[index] = candidate
            placed.append(index)
        }
        let arenaSize = aligned(zip(offsets, requests).map { $0 + $1.byteCount }.max() ?? 0)
        return Plan(offsets: offsets, arenaSize: arenaSize, lowerBound: lowerBound(requests))
    }

    /// The largest sum of 16-byte aligned sizes alive at one step: no plan can be smaller.
    public static func lowerBound(_ requests: [Request]) -> Int {
        let lastStep = requests.map(\.lastStep).max() ?? -1
        guard lastStep >= 0 else { return 0 }
        return (0...lastStep).map { step in
            requests.filter { $0.firstStep <= step && step <= $0.lastStep }.reduce(0) { $0 + aligned($1.byteCount) }
        }.max() ?? 0
    }

    static func aligned(_ value: Int) -> Int {
        (value + FormatLayout.alignment - 1) / FormatLayout.alignment * FormatLayout.alignment
    }
}
