/// Runs a validated model inside a caller-owned arena.
///
/// `invoke()` neither allocates nor throws: every tensor and scratch buffer has an arena
/// offset planned offline, and every operand was checked when the model was loaded. The
/// interpreter keeps pointers to the model bytes and the arena; both must outlive it.
public struct Interpreter {
    public let model: Model
    /// The microkernels Conv2D and FullyConnected run on; every path gives the same bytes.
    public let kernelPath: KernelPath
    let arena: UnsafeMutableRawPointer

    /// Binds `model` to `arena`, which must start at a 16-byte aligned address and hold at
    /// least `model.arenaSize` bytes. `kernelPath` defaults to the fastest this CPU supports;
    /// an unsupported path is replaced by `.portable`.
    public init(
        model: Model, arena: UnsafeMutableRawBufferPointer, kernelPath: KernelPath = .preferred
    ) throws(ModelError) {
        guard arena.count >= model.arenaSize else {
            throw .arenaTooSmall(needed: model.arenaSize, provided: arena.count)
        }
        guard let base = arena.baseAddress else {
            // Only a model with an empty arena plan can run without arena memory; none can,
            // because every graph input lives in the arena.
            throw .arenaTooSmall(needed: max(model.arenaSize, 1), provided: 0)
        }
        guard Int(bitPattern: base) % FormatLayout.alignment == 0 else { throw .misalignedArena }
        self.model = model
        self.kernelPath = kernelPath.isSupported ? kernelPath : .portable
        self.arena = base
    }

    /// The writable view of graph input `position`, to fill before each `invoke()`: the arena
    /// plan may reuse the input's bytes once the ops that read it have run.
    public func input(_ position: Int = 0) -> MutableInt8Tensor {
        activation(model.inputTensorIndex(position))
    }

    /// The view of graph output `position`, valid after `invoke()`.
    public func output(_ position: Int = 0) -> Int8Tensor {
        activation(model.outputTensorIndex(position)).readOnly
    }

    /// Runs every op in order.
    public func invoke() {
        for step in 0..<model.opCount {
            invoke(step: step)
        }
    }

    /// Runs the op at `step` alone. With `arenaTensor(_:)` this lets a report read each
    /// intermediate activation right after it is written, before the plan reuses its bytes.
    public func invoke(step: Int) {
        run(model.op(step))
    }

    /// The current contents of arena tensor `index`; meaningful only while it is alive.
    public func arenaTensor(_ index: Int) -> Int8Tensor {
        precondition(model.tensor(index).storage == .arena, "not an arena tensor")
        return activation(index).readOnly
    }

    /// The arena view of an activation tensor.
    func activation(_ index: Int) -> MutableInt8Tensor {
        let tensor = model.tensor(index)
        return MutableInt8Tensor(
            data: (arena + tensor.dataOffset).assumingMemoryBound(to: Int8.self), shape: tensor.shape,
            zeroPoint: tensor.zeroPoint)
    }

    /// The arena bytes of an optional scratch operand (empty when absent).
    func scratch(_ index: Int) -> UnsafeMutableRawBufferPointer {
        guard index >= 0 else { return UnsafeMutableRawBufferPointer(start: nil, count: 0) }
        let tensor = model.tensor(index)
        return UnsafeMutableRawBufferPointer(start: arena + tensor.dataOffset, count: tensor.byteLength)
    }

    func weights(_ index: Int) -> Int8Weights {
        let tensor = model.tensor(index)
        return Int8Weights(data: model.constantData(of: tensor, as: Int8.self), shape: tensor.shape)
    }

    func int32Constant(_ index: Int) -> UnsafePointer<Int32> {
        model.constantData(of: model.tensor(index), as: Int32.self)
    }
}
