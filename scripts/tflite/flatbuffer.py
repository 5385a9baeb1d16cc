"""Reads a .tflite flatbuffer with the schema module that ships in tflite-micro: op names in
execution order and each tensor's type, shape and quantization, as the goldens record them."""

from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as schema

OP_NAMES = {v: k for k, v in vars(schema.BuiltinOperator).items() if not k.startswith("_")}
TYPE_NAMES = {v: k.lower() for k, v in vars(schema.TensorType).items() if not k.startswith("_")}


def load(model_bytes):
    """The model as the schema's object API (ModelT)."""
    return schema.ModelT.InitFromObj(schema.Model.GetRootAsModel(model_bytes, 0))


def opcode_name(code):
    """BuiltinOperator name; the larger of the two code fields counts (the schema kept the
    deprecated int8 field for codes below 127)."""
    return OP_NAMES[max(code.builtinCode, code.deprecatedBuiltinCode)]


def op_names(model):
    graph = model.subgraphs[0]
    return [opcode_name(model.operatorCodes[op.opcodeIndex]) for op in graph.operators]


def is_constant(model, tensor):
    """A tensor whose buffer holds bytes (weights, biases, shapes): TFLM never writes it."""
    buffer = model.buffers[tensor.buffer]
    return buffer.data is not None and len(buffer.data) > 0 or (buffer.size or 0) > 0


def tensor_name(tensor):
    return tensor.name.decode() if isinstance(tensor.name, bytes) else tensor.name


def tensor_meta(model, index):
    """The golden's description of tensor `index` of subgraph 0, without data."""
    tensor = model.subgraphs[0].tensors[index]
    q = tensor.quantization
    scale = [] if q is None or q.scale is None else [float(s) for s in q.scale]
    zero = [] if q is None or q.zeroPoint is None else [int(z) for z in q.zeroPoint]
    return {
        "index": int(index),
        "name": tensor_name(tensor),
        "type": TYPE_NAMES[tensor.type],
        "shape": [int(d) for d in tensor.shape] if tensor.shape is not None else [],
        "scale": scale,
        "zeroPoint": zero,
    }
