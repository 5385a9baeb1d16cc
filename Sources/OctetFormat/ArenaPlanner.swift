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

    /// Requests that reuse another's bytes form chains placed together: the chains are taken
    /// largest first, each at the lowest aligned offset where no member overlaps, during its own
    /// lifetime, a request already placed; every member gets that offset. After the chain's
    /// last member, bytes beyond a smaller member are free for others.
    public static func plan(_ requests: [Request]) -> Plan {
        var root = Array(requests.indices)
        for index in requests.indices {
            if let reused = requests[index].reuses { root[index] = root[reused] }
        }
        let chains = Dictionary(grouping: requests.indices, by: { root[$0] })
        let chainSize = chains.mapValues { $0.map { requests[$0].byteCount }.max()! }
        let order = chains.keys.sorted { a, b in
            if chainSize[a]! != chainSize[b]! { return chainSize[a]! > chainSize[b]! }
            if requests[a].firstStep != requests[b].firstStep { return requests[a].firstStep < requests[b].firstStep }
            return a < b
        }
        var offsets = [Int](repeating: -1, count: requests.count)
        var placed: [Int] = []
        for chainRoot in order {
            let members = chains[chainRoot]!
            var candidate = 0
            var moved = true
            while moved {
                moved = false
                for member in members {
                    let request = requests[member]
                    for other in placed where requests[other].overlapsLifetime(of: request)
                        && candidate < offsets[other] + requests[other].byteCount
                        && offsets[other] < candidate + request.byteCount {
                        candidate = aligned(offsets[other] + requests[other].byteCount)
                        moved = true
                    }
                }
            }
            for member in members { offsets[member] = candidate }
            placed += members
        }
        let arenaSize = aligned(zip(offsets, requests).map { $0 + $1.byteCount }.max() ?? 0)
        return Plan(offsets: offsets, arenaSize: arenaSize, lowerBound: lowerBound(requests))
    }

    /// The largest sum of 16-byte aligned sizes alive at one step, a request that reuses
    /// another's bytes counting only beyond them: no plan can be smaller.
    public static func lowerBound(_ requests: [Request]) -> Int {
        let lastStep = requests.map(\.lastStep).max() ?? -1
        guard lastStep >= 0 else { return 0 }
        return (0...lastStep).map { step in
            func alive(_ request: Request) -> Bool { request.firstStep <= step && step <= request.lastStep }
            return requests.filter(alive).reduce(0) { sum, request in
                guard let reused = request.reuses, alive(requests[reused]) else { return sum + aligned(request.byteCount) }
                return sum + max(0, aligned(request.byteCount) - aligned(requests[reused].byteCount))
            }
        }.max() ?? 0
    }

    static func aligned(_ value: Int) -> Int {
        (value + FormatLayout.alignment - 1) / FormatLayout.alignment * FormatLayout.alignment
    }
}
