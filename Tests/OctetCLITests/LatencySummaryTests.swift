@testable import octet
import Testing

@Suite("bench statistics")
struct LatencySummaryTests {
    @Test("percentiles interpolate between ranks as numpy.percentile does")
    func percentiles() {
        let values = (1...10).map { Double($0 * 10) }
        #expect(LatencySummary.percentile(0, ofSorted: values) == 10)
        #expect(LatencySummary.percentile(100, ofSorted: values) == 100)
        #expect(LatencySummary.percentile(50, ofSorted: values) == 55)
        #expect(abs(LatencySummary.percentile(90, ofSorted: values) - 91) < 1e-9)
        #expect(abs(LatencySummary.percentile(25, ofSorted: values) - 32.5) < 1e-9)
        #expect(abs(LatencySummary.percentile(99, ofSorted: values) - 99.1) < 1e-9)
        #expect(LatencySummary.percentile(37, ofSorted: [7]) == 7)
    }

    @Test("a summary sorts its samples and reports its order statistics")
    func summary() {
        let summary = LatencySummary(nanoseconds: [500, 100, 400, 200, 300])
        #expect(summary.count == 5)
        #expect(summary.minNs == 100)
        #expect(summary.q1Ns == 200)
        #expect(summary.medianNs == 300)
        #expect(summary.q3Ns == 400)
        #expect(abs(summary.p90Ns - 460) < 1e-9)
        #expect(abs(summary.p99Ns - 496) < 1e-9)
        #expect(summary.maxNs == 500)
        let even = LatencySummary(nanoseconds: [4, 1, 3, 2])
        #expect(even.medianNs == 2.5)
    }

    @Test("one sample gives every statistic that sample")
    func single() {
        let summary = LatencySummary(nanoseconds: [1234])
        for value in [summary.minNs, summary.q1Ns, summary.medianNs, summary.q3Ns, summary.p90Ns, summary.p99Ns, summary.maxNs] {
            #expect(value == 1234)
        }
    }

    @Test("cpuinfo fields are read by name")
    func cpuinfoField() {
        let cpuinfo = "processor\t: 0\nmodel name\t: Some CPU @ 2.0GHz\nflags\t\t: fpu avx2 avx512_vnni\n"
        #expect(MachineState.field("model name", in: cpuinfo) == "Some CPU @ 2.0GHz")
        #expect(MachineState.field("flags", in: cpuinfo) == "fpu avx2 avx512_vnni")
        #expect(MachineState.field("bogomips", in: cpuinfo) == nil)
    }
}
