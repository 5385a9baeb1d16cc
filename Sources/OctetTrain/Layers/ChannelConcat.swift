/// Concatenation along channels and its inverse, the split of a gradient back into the
/// inputs' channel ranges.
enum ChannelConcat {
    static func forward(_ inputs: [Tensor], outputShape: ActivationShape) -> Tensor {
        var output = Tensor(zeros: outputShape, batch: inputs[0].batch)
        let pixels = inputs[0].batch * outputShape.height * outputShape.width
        var firstChannel = 0
        output.values.withUnsafeMutableBufferPointer { y in
            for input in inputs {
                let channels = input.shape.channels
                input.values.withUnsafeBufferPointer { x in
                    for pixel in 0..<pixels {
                        (y.baseAddress! + pixel * outputShape.channels + firstChannel)
                            .update(from: x.baseAddress! + pixel * channels, count: channels)
                    }
                }
                firstChannel += channels
            }
        }
        return output
    }

    static func backward(outputGradient: Tensor, inputShapes: [ActivationShape]) -> [Tensor] {
        let pixels = outputGradient.batch * outputGradient.shape.height * outputGradient.shape.width
        var firstChannel = 0
        return outputGradient.values.withUnsafeBufferPointer { dy in
            inputShapes.map { shape in
                var gradient = Tensor(zeros: shape, batch: outputGradient.batch)
                gradient.values.withUnsafeMutableBufferPointer { dx in
                    for pixel in 0..<pixels {
                        (dx.baseAddress! + pixel * shape.channels)
                            .update(from: dy.baseAddress! + pixel * outputGradient.shape.channels + firstChannel, count: shape.channels)
                    }
                }
                firstChannel += shape.channels
                return gradient
            }
        }
    }
}
