import Foundation
import OctetTrain
import Testing
@testable import OctetQuantize

@Suite("Observers and quantization parameters")
struct ObserverTests {
    /// A histogram of `values` over their own min/max.
    func histogram(_ values: [Float]) -> (ActivationRange, Histogram) {
        let range = ActivationRange(values.min()!, values.max()!)
        var histogram = Histogram(range: range)
        histogram.add(values)
        return (range, histogram)
    }

    /// 100,000 values spread evenly over [0, 1], plus `outliers` at 50.
    func uniformWithOutliers(_ outliers: Int) -> [Float] {
        (0..<100_000).map { Float($0) / 99_999 } + [Float](repeating: 50, count: outliers)
    }

    @Test("a range always contains 0")
    func rangeContainsZero() {
        #expect(ActivationRange(2, 5) == ActivationRange(0, 5))
        #expect(ActivationRange(-3, -1) == ActivationRange(-3, 0))
    }

    @Test("[0, 1] quantizes with scale 1/255 and zero point −128; [−1, 1] keeps 0 exact")
    func parametersFromRange() {
        let unit = QuantizationParameters(range: ActivationRange(0, 1))
        #expect(unit.scale == Float(1.0 / 255))
        #expect(unit.zeroPoint == -128)
        let symmetric = QuantizationParameters(range: ActivationRange(-1, 1))
        #expect(symmetric.scale == Float(2.0 / 255))
        #expect(symmetric.zeroPoint == -1 || symmetric.zeroPoint == 0)
        let negative = QuantizationParameters(range: ActivationRange(-4, 0))
        #expect(negative.zeroPoint == 127)
    }

    @Test("fused ReLU and ReLU6 clamp at the zero point and at 6")
    func activationClamps() {
        let parameters = QuantizationParameters(scale: 0.05, zeroPoint: -100)
        #expect(parameters.clamp(for: .relu) == (-100, 127))
        #expect(parameters.clamp(for: .relu6) == (-100, 20))
        #expect(QuantizationParameters(scale: 0.01, zeroPoint: -128).clamp(for: .relu6) == (-128, 127))
    }

    @Test("min/max keeps the extremes, outliers included")
    func minMax() {
        let (range, histogram) = histogram(uniformWithOutliers(3))
        #expect(Observer.minMax.range(extremes: range, histogram: histogram) == ActivationRange(0, 50))
    }

    @Test("percentile clips a rare outlier and keeps the bulk")
    func percentile() {
        let (range, histogram) = histogram(uniformWithOutliers(3))
        let clipped = Observer.percentile(99.99).range(extremes: range, histogram: histogram)
        #expect(clipped.lowerBound == 0)
        #expect(clipped.upperBound >= 0.99 && clipped.upperBound <= 1.1)
        // With more outliers than the tail allows, the range reaches them.
        let (wideRange, wide) = self.histogram(uniformWithOutliers(50))
        #expect(Observer.percentile(99.99).range(extremes: wideRange, histogram: wide).upperBound >= 49)
    }

    /// `count` magnitudes of a Laplace distribution with scale 1 (a long-tailed ReLU output).
    func laplaceMagnitudes(_ count: Int, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in -log(max(generator.nextUnitFloat(), 1e-7)) }
    }

    /// The squared quantization error of `values` in `range`, exactly (not from a histogram).
    func squaredError(_ values: [Float], _ range: ActivationRange) -> Double {
        let parameters = QuantizationParameters(range: range)
        return values.reduce(0.0) { total, value in
            let q = min(max((value / parameters.scale).rounded(.toNearestOrAwayFromZero) + Float(parameters.zeroPoint), -128), 127)
            let difference = Double(value) - Double(parameters.scale) * Double(q - Float(parameters.zeroPoint))
            return total + difference * difference
        }
    }

    @Test("entropy clips the long tail of a Laplace distribution but keeps its bulk")
    func entropyClipsTail() {
        let values = laplaceMagnitudes(100_000, seed: 5)
        let (range, histogram) = histogram(values)
        let chosen = Observer.entropy.range(extremes: range, histogram: histogram)
        #expect(chosen.lowerBound == 0)
        #expect(chosen.upperBound > 4 && chosen.upperBound < 0.9 * range.upperBound, "\(chosen) of \(range)")
    }

    @Test("MSE finds a range with less squared error than min/max and the 99.99th percentile", arguments: [
        "laplace", "uniform with outliers", "gaussian with an outlier",
    ])
    func meanSquaredErrorIsSmallest(distribution: String) {
        var generator = SeededGenerator(seed: 9)
        let values: [Float] = switch distribution {
        case "laplace": laplaceMagnitudes(50_000, seed: 6)
        case "uniform with outliers": uniformWithOutliers(3)
        default: (0..<50_000).map { _ in generator.nextNormal() } + [25]
        }
        let (range, histogram) = histogram(values)
        let chosen = Observer.meanSquaredError.range(extremes: range, histogram: histogram)
        let error = squaredError(values, chosen)
        #expect(error <= squaredError(values, range) * 1.001, "\(chosen)")
        #expect(error <= squaredError(values, Observer.percentile(99.99).range(extremes: range, histogram: histogram)) * 1.001)
    }

    @Test("two-sided Gaussian data with an outlier: percentile and entropy give a range around 0 that clips it")
    func twoSided() {
        var generator = SeededGenerator(seed: 9)
        let values = (0..<50_000).map { _ in generator.nextNormal() } + [25]
        let (range, histogram) = histogram(values)
        for observer in [Observer.percentile(99.9), .entropy] {
            let chosen = observer.range(extremes: range, histogram: histogram)
            #expect(chosen.lowerBound < -2 && chosen.upperBound > 2, "\(observer): \(chosen)")
            #expect(chosen.upperBound < 12 && chosen.lowerBound >= range.lowerBound, "\(observer): \(chosen)")
        }
    }

    @Test("without outliers, entropy and MSE keep nearly the whole uniform range")
    func noOutliers() {
        let (range, histogram) = histogram((0..<100_000).map { Float($0) / 99_999 })
        for observer in [Observer.entropy, .meanSquaredError] {
            let chosen = observer.range(extremes: range, histogram: histogram)
            #expect(chosen.upperBound >= 0.95 && chosen.upperBound <= 1.0001, "\(observer): \(chosen)")
        }
    }

    @Test("observer names parse")
    func names() {
        #expect(Observer("minmax") == .minMax)
        #expect(Observer("percentile") == .percentile(99.99))
        #expect(Observer("percentile:99.9") == .percentile(99.9))
        #expect(Observer("entropy") == .entropy)
        #expect(Observer("mse") == .meanSquaredError)
        #expect(Observer("percentile:20") == nil)
        #expect(Observer("median") == nil)
    }
}
