"""Runs a model on the tflite-micro Python interpreter (TFLM's reference kernels)."""

import os
import re
import tempfile

import numpy as np
from tflite_micro.python.tflite_micro import runtime

# Generous: arena_used_bytes does not depend on the arena's size, only on the model.
ARENA_BYTES = 8 << 20


def interpreter(model_bytes, preserve_all_tensors=False):
    config = (runtime.InterpreterConfig.kPreserveAllTensors if preserve_all_tensors
              else runtime.InterpreterConfig.kAllocationRecording)
    return runtime.Interpreter.from_bytes(model_bytes, arena_size=ARENA_BYTES,
                                          intrepreter_config=config)


def run(interp, inputs, output_count):
    """Sets every input (numpy arrays in model input order), invokes, returns the outputs."""
    for i, data in enumerate(inputs):
        interp.set_input(data, i)
    interp.invoke()
    return [np.array(interp.get_output(i)) for i in range(output_count)]


def arena_used_bytes(interp):
    """TFLM's MicroInterpreter::arena_used_bytes() and the head part of it. The Python binding
    does not expose them; its RecordingMicroAllocator report prints them ("Arena allocation
    total", head plus tail, and "head": the planned non-persistent tensors, i.e. activations
    and scratch) to the C stderr, which is captured here. Returns (total, head)."""
    with tempfile.TemporaryFile() as capture:
        saved = os.dup(2)
        os.dup2(capture.fileno(), 2)
        try:
            interp.print_allocations()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        capture.seek(0)
        report = capture.read().decode()
    figures = [re.search(rf"Arena allocation {part} (\d+) bytes", report) for part in ("total", "head")]
    if None in figures:
        raise RuntimeError(f"no arena total or head in TFLM's allocation report: {report!r}")
    return tuple(int(f.group(1)) for f in figures)
