import OctetFormat
import OctetRuntime
import OctetTestSupport
import Testing

@Suite("Arena planner")
struct ArenaPlannerTests {
    typealias Request = ArenaPlanner.Request

    @Test("a chain of ops reuses memory: the plan meets the lower bound")
    func chainMeetsLowerBound() {
        // a → b → c → d: each op reads one tensor and writes the next.
        let plan = ArenaPlanner.plan([
            Request(byteCount: 100, firstStep: 0, lastStep: 0),
            Request(byteCount: 300, firstStep: 0, lastStep: 1),
            Request(byteCount: 200, firstStep: 1, lastStep: 2),
            Request(byteCount: 50, firstStep: 2, lastStep: 2),
        ])
        #expect(plan.lowerBound == 304 + 208)  // b and c, both alive at step 1
        #expect(plan.arenaSize == plan.lowerBound)
        #expect(plan.offsets.allSatisfy { $0 % 16 == 0 })
    }

    @Test("a request that reuses another's bytes gets its offset; the rest of those bytes are freed after")
    func reuseSharesTheOffset() {
        // a (1000) → pool in place → b (250) → c (100), with an unrelated d alive throughout.
        let plan = ArenaPlanner.plan([
            Request(byteCount: 1000, firstStep: 0, lastStep: 1),
            Request(byteCount: 250, firstStep: 1, lastStep: 2, reuses: 0),
            Request(byteCount: 100, firstStep: 2, lastStep: 2),
            Request(byteCount: 64, firstStep: 0, lastStep: 2),
        ])
        #expect(plan.offsets[1] == plan.offsets[0])
        #expect(plan.lowerBound == 1008 + 64)  // steps 0 and 1: a (b inside it) and d
        #expect(plan.arenaSize == plan.lowerBound)
        #expect(plan.offsets[2] == plan.offsets[1] + 256)  // c takes a's bytes beyond b at step 2
    }

    @Test("random lifetimes: no two live tensors overlap, and the plan is never below the bound")
    func randomPlansAreValid() {
        var generator = SplitMix64(seed: 99)
        for _ in 0..<300 {
            let steps = Int.random(in: 1...12, using: &generator)
            let requests = (0..<Int.random(in: 1...20, using: &generator)).map { _ in
                let first = Int.random(in: 0..<steps, using: &generator)
                return Request(
                    byteCount: Int.random(in: 1...5000, using: &generator), firstStep: first,
                    lastStep: Int.random(in: first..<steps, using: &generator))
            }
            let plan = ArenaPlanner.plan(requests)
            #expect(plan.arenaSize >= plan.lowerBound)
            for a in requests.indices {
                #expect(plan.offsets[a] % 16 == 0)
                #expect(plan.offsets[a] + requests[a].byteCount <= plan.arenaSize)
                for b in requests.indices where b > a {
                    let livesOverlap = requests[a].firstStep <= requests[b].lastStep && requests[b].firstStep <= requests[a].lastStep
                    let bytesOverlap = plan.offsets[a] < plan.offsets[b] + requests[b].byteCount
                        && plan.offsets[b] < plan.offsets[a] + requests[a].byteCount
                    #expect(!(livesOverlap && bytesOverlap), "requests \(a) and \(b) overlap")
                }
            }
        }
    }

    @Test("planning is deterministic")
    func deterministic() {
        let requests = (0..<10).map { Request(byteCount: 64 * ($0 % 3 + 1), firstStep: $0 / 2, lastStep: $0 / 2 + 1) }
        #expect(ArenaPlanner.plan(requests) == ArenaPlanner.plan(requests))
    }
}

@Suite("Quantized multipliers")
struct QuantizedMultiplierTests {
    @Test("approximating a real multiplier matches TFLite's QuantizeMultiplier")
    func approximations() {
        #expect(QuantizedMultiplier(approximating: 0.5) == QuantizedMultiplier(multiplier: 1 << 30, shift: 0))
        #expect(QuantizedMultiplier(approximating: 1) == QuantizedMultiplier(multiplier: 1 << 30, shift: 1))
        #expect(QuantizedMultiplier(approximating: 0.75) == QuantizedMultiplier(multiplier: 3 << 29, shift: 0))
        #expect(QuantizedMultiplier(approximating: 0) == QuantizedMultiplier(multiplier: 0, shift: 0))
        #expect(QuantizedMultiplier(approximating: 1e-12) == QuantizedMultiplier(multiplier: 0, shift: 0))
        // Rounding up to 2^31 moves to the next power of two.
        #expect(QuantizedMultiplier(approximating: 1 - 1e-12) == QuantizedMultiplier(multiplier: 1 << 30, shift: 1))
        var generator = SplitMix64(seed: 5)
        for _ in 0..<1000 {
            let real = Double.random(in: 1e-6...100, using: &generator)
            let quantized = QuantizedMultiplier(approximating: real)
            #expect(quantized.multiplier >= 1 << 30)
            #expect(abs(quantized.realValue - real) <= real * 1e-9)
        }
    }
}
