/// Parameters shared by the kernels. The loader builds them from validated model fields,
/// so kernels may assume every value is in range (see docs/FORMAT.md for the checks).

/// Where a convolution window starts and how it steps. Bottom and right padding are
/// implied by the output shape.
public struct ConvolutionGeometry: Equatable, Sendable {
    public var strideH: Int
    public var strideW: Int
    public var dilationH: Int
    public var dilationW: Int
    public var padTop: Int
    public var padLeft: Int

    @inlinable
    public init(strideH: Int, strideW: Int, dilationH: Int = 1, dilationW: Int = 1, padTop: Int, padLeft: Int) {
        self.strideH = strideH
        self.strideW = strideW
        self.dilationH = dilationH
        self.dilationW = dilationW
        self.padTop = padTop
        self.padLeft = padLeft
    }
}

/// A pooling window. Bottom and right padding are implied by the output shape.
public struct PoolGeometry: Equatable, Sendable {
    public var kernelH: Int
    public var kernelW: Int
    public var strideH: Int
    public var strideW: Int
    public var padTop: Int
    public var padLeft: Int

    @inlinable
    public init(kernelH: Int, kernelW: Int, strideH: Int, strideW: Int, padTop: Int, padLeft: Int) {
        self.kernelH = kernelH
        self.kernelW = kernelW
        self.strideH = strideH
        self.strideW = strideW
        self.padTop = padTop
        self.padLeft = padLeft
    }
}

/// Output bounds after requantization: a fused ReLU or ReLU6 is a clamp, and with no
/// activation the bounds are -128 and 127.
public struct ActivationClamp: Equatable, Sendable {
    public var min: Int32
    public var max: Int32

    @inlinable
    public init(min: Int32, max: Int32) {
        self.min = min
        self.max = max
    }

    public static let none = ActivationClamp(min: -128, max: 127)
}

/// Per-output-channel requantization: `multipliers[c]` and `shifts[c]` for each channel `c`
/// (see `QuantizedMultiplier`). Both point into constant model data.
public struct ChannelRequantization {
    public var multipliers: UnsafePointer<Int32>
    public var shifts: UnsafePointer<Int32>

    @inlinable
    public init(multipliers: UnsafePointer<Int32>, shifts: UnsafePointer<Int32>) {
        self.multipliers = multipliers
        self.shifts = shifts
    }

    @inlinable
    public subscript(channel: Int) -> QuantizedMultiplier {
        QuantizedMultiplier(multiplier: multipliers[channel], shift: shifts[channel])
    }
}

/// TFLite's quantized ADD as the model stores it: each input's rescale for every int8 value
/// (entry `x + 128` for value x; 256 entries in constant model data, each below
/// `Add.tableEntryLimit` in magnitude), then the output multiplier (shift ≤ 0) and clamp.
public struct AddParameters {
    public var table1: UnsafePointer<Int32>
    public var table2: UnsafePointer<Int32>
    public var output: QuantizedMultiplier
    public var clamp: ActivationClamp

    @inlinable
    public init(
        table1: UnsafePointer<Int32>, table2: UnsafePointer<Int32>, output: QuantizedMultiplier, clamp: ActivationClamp
    ) {
        self.table1 = table1
        self.table2 = table2
        self.output = output
        self.clamp = clamp
    }
}

/// TFLite's int8 softmax parameters: the input scale times beta as a Q31 multiplier with a
/// left shift, and the most negative input difference that still contributes.
public struct SoftmaxParameters: Equatable, Sendable {
    public var inputBetaMultiplier: Int32
    public var inputBetaLeftShift: Int32
    public var diffMin: Int32

    @inlinable
    public init(inputBetaMultiplier: Int32, inputBetaLeftShift: Int32, diffMin: Int32) {
        self.inputBetaMultiplier = inputBetaMultiplier
        self.inputBetaLeftShift = inputBetaLeftShift
        self.diffMin = diffMin
    }
}

/// TFLite's int8 logistic parameters (its Prepare): the input scale times 2^27 as a Q31
/// multiplier and left shift (rescaling `x - inZP` into Q4.27), and the input range radius
/// beyond which the output saturates.
public struct LogisticParameters: Equatable, Sendable {
    public var inputMultiplier: Int32
    public var inputLeftShift: Int32
    public var inputRangeRadius: Int32

    @inlinable
    public init(inputMultiplier: Int32, inputLeftShift: Int32, inputRangeRadius: Int32) {
        self.inputMultiplier = inputMultiplier
        self.inputLeftShift = inputLeftShift
        self.inputRangeRadius = inputRangeRadius
    }
}
