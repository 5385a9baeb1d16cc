"""Prints the TFLite metadata facts an importer must handle, gathered over the committed
fixtures (docs/IMPORT.md, "Findings"): op versions, quantization layout of weights and
biases, buffers, metadata entries and per-op parameter encodings.

Usage: python scripts/tflite/quirks.py Tests/OctetImportTests/Fixtures"""

import collections
import os
import sys

import numpy as np

import flatbuffer

WEIGHTED = {"CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED"}


def main(folder):
    facts = collections.defaultdict(set)
    for file in sorted(f for f in os.listdir(folder) if f.endswith(".tflite")):
        with open(os.path.join(folder, file), "rb") as f:
            model = flatbuffer.load(f.read())
        name, graph = file[:-7], model.subgraphs[0]
        buffer0 = model.buffers[0]
        facts["schema version, description"].add((model.version, bytes(model.description).decode()))
        facts["subgraphs"].add(len(model.subgraphs))
        facts["buffer 0 empty"].add(buffer0.data is None and not buffer0.size)
        for entry in model.metadata or []:
            data = model.buffers[entry.buffer].data
            shown = bytes(data).rstrip(b"\0").decode() if entry.name == b"min_runtime_version" else f"{len(data)} bytes (flatbuffer)"
            facts["metadata entries"].add((entry.name.decode(), shown))
        facts["signature keys"].update(s.signatureKey.decode() for s in model.signatureDefs or [])
        users = collections.Counter(t.buffer for t in graph.tensors)
        facts["buffers shared by several tensors"].add(any(n > 1 for b, n in users.items() if b != 0))
        for tensor in graph.tensors:
            if tensor.shapeSignature is not None:
                facts["tensors with shape_signature"].add((name, tuple(tensor.shapeSignature)))
            q = tensor.quantization
            if q is not None and q.min is not None and len(q.min):
                facts["tensors with float min/max in quantization"].add(name)
            if tensor.isVariable or tensor.sparsity is not None:
                facts["variable or sparse tensors"].add(name)
        for op in graph.operators:
            code = model.operatorCodes[op.opcodeIndex]
            op_name = flatbuffer.opcode_name(code)
            facts["op versions"].add((op_name, code.version))
            if any(i < 0 for i in op.inputs):
                facts["ops with an absent (-1) input"].add((name, op_name))
            options = op.builtinOptions
            if op_name in WEIGHTED:
                weights, bias = graph.tensors[op.inputs[1]], graph.tensors[op.inputs[2]]
                inp = graph.tensors[op.inputs[0]]
                wq, bq = weights.quantization, bias.quantization
                if wq is None or wq.scale is None:
                    facts[f"{op_name} with unquantized float weights"].add(name)
                    continue
                facts[f"{op_name} weights: type, scales>1, quantized_dimension, zero points"].add(
                    (flatbuffer.TYPE_NAMES[weights.type], len(wq.scale) > 1, wq.quantizedDimension,
                     tuple(sorted(set(wq.zeroPoint.tolist())))))
                expected = np.float32(inp.quantization.scale[0]) * wq.scale.astype(np.float32) if inp.quantization.scale is not None else None
                rel = None if expected is None else float(np.max(np.abs(bq.scale - expected) / expected))
                facts[f"{op_name} bias: type, per-channel, zero points, max |bias scale/(input scale x weight scale) - 1|"].add(
                    (flatbuffer.TYPE_NAMES[bias.type], len(bq.scale) > 1, tuple(sorted(set(bq.zeroPoint.tolist()))),
                     None if rel is None else f"{rel:.1e}"))
                facts[f"{op_name} input rank"].add(len(inp.shape))
                if op_name == "FULLY_CONNECTED":
                    facts["FULLY_CONNECTED keep_num_dims, weights_format"].add((options.keepNumDims, options.weightsFormat))
            if op_name == "CONCATENATION":
                scales = {float(graph.tensors[i].quantization.scale[0]) for i in list(op.inputs) + list(op.outputs)}
                facts["CONCATENATION axis, inputs and output share one scale"].add((options.axis, len(scales) == 1))
            if op_name in ("RESHAPE",):
                facts["RESHAPE: inputs, new_shape option"].add((len(op.inputs), None if options is None or options.newShape is None else tuple(options.newShape)))
            if op_name in ("MEAN", "PAD", "PADV2", "TRANSPOSE", "RESHAPE"):
                consts = [flatbuffer.TYPE_NAMES[graph.tensors[i].type] for i in list(op.inputs)[1:]]
                facts[f"{op_name} constant operand types"].add(tuple(consts))
            if op_name == "MEAN":
                facts["MEAN keep_dims"].add(options.keepDims)
            if op_name in ("SOFTMAX", "LOGISTIC"):
                out = graph.tensors[op.outputs[0]].quantization
                facts[f"{op_name} output scale, zero point"].add((float(out.scale[0]), int(out.zeroPoint[0])))
            if op_name in ("MAX_POOL_2D", "AVERAGE_POOL_2D", "ADD", "CONCATENATION") and options is not None:
                facts["fused activations on pool/add/concat"].add((op_name, options.fusedActivationFunction))
            if op_name in ("MAX_POOL_2D", "AVERAGE_POOL_2D", "RESHAPE", "PAD", "PADV2", "TRANSPOSE"):
                i, o = graph.tensors[op.inputs[0]].quantization, graph.tensors[op.outputs[0]].quantization
                same = i.scale is not None and np.array_equal(i.scale, o.scale) and np.array_equal(i.zeroPoint, o.zeroPoint)
                facts["input and output quantization equal"].add((op_name, bool(same)))
    for key in sorted(facts):
        values = sorted(facts[key], key=str)
        print(f"{key}: {values if len(values) < 40 else values[:40] + ['…']}")


if __name__ == "__main__":
    main(sys.argv[1])
