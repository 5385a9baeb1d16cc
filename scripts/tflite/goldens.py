"""The JSON golden of one fixture: three seeded input samples run through TFLM, each with its
outputs, and for sample 0 every non-constant tensor TFLM holds after invoke."""

import base64

import numpy as np

import flatbuffer
import tflm

SAMPLES = 3
# Past this many bytes of JSON, the intermediate tensors of sample 0 are left out.
TENSOR_DUMP_LIMIT = 200_000
NUMPY_TYPES = {"int8": np.int8, "uint8": np.uint8, "int16": np.int16, "int32": np.int32,
               "float32": np.float32, "int64": np.int64}


def sample_input(meta, rng, sample):
    """Sample 0 and 1: uniform over the type's full range. Sample 2: mostly the extremes (a
    third each at the minimum and maximum). Float inputs: standard normal, and ±8 extremes."""
    shape, dtype = meta["shape"], NUMPY_TYPES[meta["type"]]
    if dtype == np.float32:
        data = rng.standard_normal(shape) * 1.5
        if sample == 2:
            pick = rng.integers(0, 3, shape)
            data = np.where(pick == 0, -8.0, np.where(pick == 1, 8.0, data))
        return data.astype(np.float32)
    info = np.iinfo(dtype)
    data = rng.integers(info.min, info.max, shape, endpoint=True)
    if sample == 2:
        pick = rng.integers(0, 3, shape)
        data = np.where(pick == 0, info.min, np.where(pick == 1, info.max, data))
    return data.astype(dtype)


def encode(meta, array):
    dtype = np.dtype(NUMPY_TYPES[meta["type"]]).newbyteorder("<")
    data = np.ascontiguousarray(np.asarray(array).reshape(meta["shape"]).astype(dtype))
    return dict(meta, data=base64.b64encode(data.tobytes()).decode())


def golden(fixture, model_bytes):
    model = flatbuffer.load(model_bytes)
    graph = model.subgraphs[0]
    inputs = [flatbuffer.tensor_meta(model, i) for i in graph.inputs]
    outputs = [flatbuffer.tensor_meta(model, i) for i in graph.outputs]
    rng = np.random.default_rng(fixture.seed)
    record = {"family": fixture.family, "description": fixture.description,
              "ops": flatbuffer.op_names(model), "arenaUsedBytes": None, "arenaHeadBytes": None,
              "samples": [],
              "expectError": fixture.expect_error}
    try:
        recording = tflm.interpreter(model_bytes)
        preserving = tflm.interpreter(model_bytes, preserve_all_tensors=True)
    except Exception as error:  # a model TFLM itself refuses: goldens keep no samples
        record["tflmError"] = str(error).strip().splitlines()[-1]
        return record
    for s in range(SAMPLES):
        data = [sample_input(meta, rng, s) for meta in inputs]
        results = tflm.run(recording, data, len(outputs))
        if s == 0:
            record["arenaUsedBytes"], record["arenaHeadBytes"] = tflm.arena_used_bytes(recording)
            check = tflm.run(preserving, data, len(outputs))
            for a, b in zip(results, check):
                if not np.array_equal(a, b):
                    raise RuntimeError(f"{fixture.name}: TFLM's two interpreter modes disagree")
            tensors = [encode(flatbuffer.tensor_meta(model, i), preserving.GetTensor(i, 0)["tensor_data"])
                       for i, t in enumerate(graph.tensors) if not flatbuffer.is_constant(model, t)]
        sample = {"inputs": [encode(m, d) for m, d in zip(inputs, data)],
                  "outputs": [encode(m, r) for m, r in zip(outputs, results)]}
        if s == 0:
            sample["tensors"] = tensors
        record["samples"].append(sample)
    if sum(len(t["data"]) for t in record["samples"][0]["tensors"]) > TENSOR_DUMP_LIMIT:
        del record["samples"][0]["tensors"]
    return record
