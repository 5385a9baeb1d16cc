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
        /// Another request (an index, earlier in the list) whose bytes this one takes over in
        /// place: the op that last reads that one writes this one (see `Model`'s in-place rule).
        public var reuses: Int?

        public init(byteCount: Int, firstStep: Int, lastStep: Int, reuses: Int? = nil) {
            self.byteCount = byteCount
            self.firstStep = firstStep
            self.lastStep = lastStep
            self.reuses = reuses
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

    /// Requests that reuse another's bytes are placed with it: each chain is planned as one
    /// request (the largest size, the union of the lifetimes), and all its members share the offset.
    public static func plan(_ requests: [Request]) -> Plan {
        var root = Array(requests.indices)
        for index in requests.indices {
            if let reused = requests[index].reuses { root[index] = root[reused] }
        }
        var merged = requests
        for index in requests.indices where root[index] != index {
            let r = root[index]
            merged[r].byteCount = max(merged[r].byteCount, requests[index].byteCount)
            merged[r].firstStep = min(merged[r].firstStep, requests[index].firstStep)
            merged[r].lastStep = max(merged[r].lastStep, requests[index].lastStep)
        }
        let roots = requests.indices.filter { root[$0] == $0 }
        let rootPlan = placeWithoutReuse(roots.map { merged[$0] })
        var offsetOfRoot = [Int: Int]()
        for (position, index) in roots.enumerated() { offsetOfRoot[index] = rootPlan.offsets[position] }
        return Plan(offsets: requests.indices.map { offsetOfRoot[root[$0]]! }, arenaSize: rootPlan.arenaSize,
                    lowerBound: rootPlan.lowerBound)
    }

    private static func placeWithoutReuse(_ requests: [Request]) -> Plan {
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
