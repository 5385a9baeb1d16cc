/// The operations the runtime executes, with their operand order and parameter slots.
/// Operands are tensor indices, inputs first and the output last; docs/FORMAT.md has the table.
public enum OpKind: UInt16, Sendable {
    /// `[input, packed weights, packed constants, scratch or -1, output]` (docs/FORMAT.md).
    case conv2D = 1
    /// `[input, filter 1HWC, bias, multipliers, shifts, scratch or -1, output]`.
    case depthwiseConv2D = 2
    /// `[input, packed weights, packed constants, scratch or -1, output]` (docs/FORMAT.md).
    case fullyConnected = 3
    /// `[input, output]`.
    case maxPool2D = 4
    /// `[input, output]`.
    case averagePool2D = 5
    /// `[input1, input2, table1 int32[256], table2 int32[256], output]`.
    case add = 6
    /// `[input..., output]` or `[input..., rescales int32[2 · inputs], output]`, along one
    /// axis (channels unless a parameter says otherwise).
    case concatenation = 7
    /// `[input, output]`, filled with the zero point or an explicit int8 value.
    case pad = 8
    /// `[input, output]`, same elements in the same order.
    case reshape = 9
    /// `[input, output]`, along channels.
    case softmax = 10
    /// `[input, output]`, TFLite's int8 LOGISTIC (output scale 1/256, zero point -128).
    case logistic = 11
    /// `[input, output]`, TFLite's int8 → int8 QUANTIZE: a change of scale and zero point.
    case requantize = 12
    /// `[input, output]`, TFLite's int8 MEAN over H and W.
    case mean = 13
    /// `[input, output]`, TFLite's TRANSPOSE of the four axes.
    case transpose = 14

    /// Conv2D, DepthwiseConv2D and FullyConnected: the ops with weights.
    public var isWeighted: Bool { self == .conv2D || self == .depthwiseConv2D || self == .fullyConnected }

    public var name: StaticString {
        switch self {
        case .conv2D: "Conv2D"
        case .depthwiseConv2D: "DepthwiseConv2D"
        case .fullyConnected: "FullyConnected"
        case .maxPool2D: "MaxPool2D"
        case .averagePool2D: "AveragePool2D"
        case .add: "Add"
        case .concatenation: "Concatenation"
        case .pad: "Pad"
        case .reshape: "Reshape"
        case .softmax: "Softmax"
        case .logistic: "Logistic"
        case .requantize: "Requantize"
        case .mean: "Mean"
        case .transpose: "Transpose"
        }
    }
}

/// Parameter slot numbers, per op family. Unused slots must be zero.
public enum OpParameter {
    /// Conv2D, DepthwiseConv2D.
    public enum Convolution {
        public static let strideH = 0
        public static let strideW = 1
        public static let dilationH = 2
        public static let dilationW = 3
        public static let padTop = 4
        public static let padLeft = 5
        public static let padBottom = 6
        public static let padRight = 7
        /// Conv2D: number of groups. DepthwiseConv2D: the channel multiplier.
        public static let groupsOrMultiplier = 8
        public static let clampMin = 9
        public static let clampMax = 10
        public static let kernelH = 11
        public static let kernelW = 12
    }

    /// FullyConnected.
    public enum FullyConnected {
        public static let clampMin = 0
        public static let clampMax = 1
    }

    /// MaxPool2D, AveragePool2D.
    public enum Pool {
        public static let kernelH = 0
        public static let kernelW = 1
        public static let strideH = 2
        public static let strideW = 3
        public static let padTop = 4
        public static let padLeft = 5
        public static let padBottom = 6
        public static let padRight = 7
        public static let clampMin = 8
        public static let clampMax = 9
    }

    /// Add. The inputs' multipliers live in the operand tables.
    public enum Add {
        public static let outputMultiplier = 0
        public static let outputShift = 1
        public static let clampMin = 2
        public static let clampMax = 3
    }

    /// Pad. With `explicitFill` 0 the border holds the output's zero point (TFLite's PAD);
    /// with 1 it holds `fillValue` (PADV2's constant, already in the output's quantization).
    public enum Pad {
        public static let padTop = 0
        public static let padLeft = 1
        public static let padBottom = 2
        public static let padRight = 3
        public static let explicitFill = 4
        public static let fillValue = 5
        /// Channels added before and after the input's (TFLite pads any axis; batch stays).
        public static let padFront = 6
        public static let padBack = 7
    }

    /// Concatenation.
    public enum Concatenation {
        /// The axis counted from the last: 0 = C (so a file with no parameters concatenates
        /// channels), 1 = W, 2 = H, 3 = N.
        public static let axisFromLast = 0
        /// 0: every input has the output's scale and zero point, and is copied. 1: the operand
        /// before the output is an int32 constant `[1, 1, 1, 2 · inputs]` holding each input's
        /// multiplier and shift (input scale / output scale), or 0, 0 for an input that has the
        /// output's quantization; the others are requantized as they are copied.
        public static let requantizesInputs = 1
    }

    /// Softmax.
    public enum Softmax {
        public static let inputBetaMultiplier = 0
        public static let inputBetaLeftShift = 1
        public static let diffMin = 2
    }

    /// Logistic: TFLite's Prepare values for the input rescale into Q4.27.
    public enum Logistic {
        public static let inputMultiplier = 0
        public static let inputLeftShift = 1
        public static let inputRangeRadius = 2
    }

    /// Requantize: input scale / output scale as a Q31 multiplier and shift.
    public enum Requantize {
        public static let multiplier = 0
        public static let shift = 1
    }

    /// Mean: input scale / output scale divided by the window's element count, as TFLite's
    /// int8 MEAN derives it at run time (docs/KERNELS.md).
    public enum Mean {
        public static let multiplier = 0
        public static let shift = 1
    }

    /// Transpose: output axis `i` is input axis `permutation + i` (slots 0...3).
    public enum Transpose {
        public static let permutation = 0
    }
}
