"""Writes the checkpoint-reader fixtures into tests/fixtures/checkpoints/ (deterministic; run with Debian's python).

    /usr/bin/python3 tests/reference/make_checkpoint_fixtures.py

Files:
  sample.pt              torch.save of {"model": state_dict, "args": Namespace, "cfg": nested, "epoch", ...}
  bare.pt                torch.save(state_dict) without a wrapper
  lightning.pt           {"state_dict": small_state_dict, "hyper_parameters": {...}}
  sample.safetensors     the same state dict as contiguous tensors, written by hand (struct + json)
  expected.json          per tensor: shape, dtype and the float32 bit patterns torch gives after .float()
  evil_os_system.pt      a checkpoint whose pickle calls os.system (posix.system) while loading
  evil_eval.pt           one that calls builtins.eval, and one using subprocess
  untyped_v3.pt          torch>=2.x style: UntypedStorage persistent ids + _rebuild_tensor_v3 with torch.<dtype> globals
  protocol_<p>.pkl       plain pickles of a mixed data object for p = 0..5, with protocol_expected.txt (canonical text)
The malicious pickles run `touch "$DBETA_PWNED_MARKER"`: this script proves they work under Python's pickle (the
marker appears), the C# tests prove the reader never runs them (the marker does not appear).
"""
import argparse
import collections
import io
import json
import os
import pickle
import struct
import subprocess
import sys
import tempfile
import zipfile

# Set and frozenset order follows string hashing: fix the seed so the pickles come out byte-identical on every run.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, PYTHONHASHSEED="0"))

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "checkpoints")
os.makedirs(OUT, exist_ok=True)
torch.manual_seed(1234)
rng = np.random.default_rng(1234)


def path(name):
    return os.path.join(OUT, name)


def write_zip(file, records, compression=zipfile.ZIP_STORED):
    """A zip with fixed timestamps, so reruns give identical bytes."""
    with zipfile.ZipFile(file, "w", compression) as z:
        for name, data in records:
            z.writestr(zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)), data, compress_type=compression)


# ---------------------------------------------------------------- the state dict
def make_state_dict():
    sd = collections.OrderedDict()
    sd["encoder.weight"] = torch.randn(4, 3)
    sd["encoder.bias"] = torch.randn(4)
    half = torch.randn(2, 5).half()
    # Exact conversion checks: signed zero, infinities, the smallest subnormal and the largest normal float16.
    half[1, 0] = -0.0
    half[1, 1] = float("inf")
    half[1, 2] = float("-inf")
    half.view(torch.int16)[1, 3] = 1  # smallest positive subnormal
    half[1, 4] = 65504.0
    sd["half.weight"] = half
    sd["bf16.weight"] = torch.randn(3, 2).bfloat16()
    sd["double.weight"] = torch.randn(2, 2, dtype=torch.float64) * 1e3
    sd["long.ids"] = torch.tensor([0, -7, 123456789, 2**40 + 1, -(2**53)], dtype=torch.int64)
    sd["int.ids"] = torch.tensor([1, -2, 2**31 - 1], dtype=torch.int32)
    sd["short.ids"] = torch.tensor([-32768, 5, 32767], dtype=torch.int16)
    sd["char.ids"] = torch.tensor([-128, 0, 127], dtype=torch.int8)
    sd["byte.ids"] = torch.tensor([0, 200, 255], dtype=torch.uint8)
    sd["bool.mask"] = torch.tensor([True, False, False, True])
    base = torch.randn(3, 5)
    sd["transposed.weight"] = base.t()  # a view with strides (1, 5) of a 15-element storage
    base2 = torch.randn(3, 4)
    sd["sliced.weight"] = base2[:, 1:3]  # offset 1, strides (4, 1)
    sd["strided.weight"] = torch.randn(6, 4)[::2, ::3]  # strides (8, 3)
    shared = torch.randn(12)
    sd["shared.a"] = shared[0:6].view(2, 3)
    sd["shared.b"] = shared[7:11]  # same storage, offset 7
    sd["param.weight"] = torch.nn.Parameter(torch.randn(2, 2))
    sd["scalar.temp"] = torch.tensor(0.07)
    sd["empty.weight"] = torch.zeros(0, 3)
    sd["expanded.bias"] = torch.randn(1, 3).expand(2, 3)  # stride 0 in the first dimension
    with_attr = torch.randn(3)
    with_attr.note = "python attributes make torch pickle it through _rebuild_from_type_v2"
    sd["attr.weight"] = with_attr
    return sd


def bits(t):
    return t.detach().float().contiguous().numpy().astype(np.float32).view(np.uint32).reshape(-1).tolist()


DTYPE_NAMES = {
    torch.float32: "float32", torch.float16: "float16", torch.bfloat16: "bfloat16", torch.float64: "float64",
    torch.int64: "int64", torch.int32: "int32", torch.int16: "int16", torch.int8: "int8", torch.uint8: "uint8",
    torch.bool: "bool",
}
ST_DTYPES = {
    torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64", torch.int64: "I64",
    torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8", torch.bool: "BOOL",
}

sd = make_state_dict()
sd["non_tensor.version"] = 2  # a non-tensor value inside the state dict: must be skipped, not fatal

expected = {
    "tensors": collections.OrderedDict(
        (k, {"shape": list(v.shape), "dtype": DTYPE_NAMES[v.dtype], "bits": bits(v)})
        for k, v in sd.items() if torch.is_tensor(v)),
}

# ---------------------------------------------------------------- sample.pt: a fairseq-like training checkpoint
checkpoint = {
    "args": argparse.Namespace(arch="dbeta_tiny", lr=[5e-05], max_epoch=200, fp16=True, seed=1),
    "cfg": {"common": {"seed": 1, "fp16": True},
            "model": {"_name": "dbeta", "encoder_layers": 2, "dropout": 0.1, "conv_feature_layers": "[(256, 2, 2)] * 4",
                      "nested": [[1, 2, [3, 4, {"deep": (5, 6.5)}]], None, b"raw", {1, 2}, frozenset({"x"})]},
            "task": {"data": "/data/ptbxl", "sample_rate": 500}},
    "model": sd,
    "criterion": None,
    "epoch": 3,
    "optimizer_history": [{"criterion_name": "ClipLoss", "optimizer_name": "AdamOptimizer",
                           "lr_scheduler_state": {"best": 0.25}, "num_updates": 1200}],
    "extra_state": {"epoch": 3, "best": np.float64(0.5), "train_iterator": {"epoch": 3, "iterations_in_epoch": 0},
                    "metrics": collections.OrderedDict(loss=1.5)},
    # Optimizer moments are tensors too; the reader must leave them alone.
    "last_optimizer_state": {"state": {0: {"exp_avg": torch.ones(4, 3)}}, "param_groups": [{"lr": 5e-5}]},
}
torch.save(checkpoint, path("sample.pt"))
expected["skipped_keys"] = ["args", "cfg", "criterion", "epoch", "optimizer_history", "extra_state",
                            "last_optimizer_state", "non_tensor.version"]
with open(path("expected.json"), "w") as f:
    json.dump(expected, f, indent=None, separators=(",", ":"))

# ---------------------------------------------------------------- bare and Lightning-style
torch.save(make_state_dict(), path("bare.pt"))
small = collections.OrderedDict([("layer.weight", torch.arange(6, dtype=torch.float32).view(2, 3)), ("layer.bias", torch.tensor([0.5, -0.5]))])
torch.save({"state_dict": small, "hyper_parameters": {"lr": 0.1}, "global_step": 10}, path("lightning.pt"))

# ---------------------------------------------------------------- sample.safetensors, by hand
def write_safetensors(file, tensors, metadata):
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous()
        raw = t.view(torch.uint8).numpy().tobytes() if t.dtype == torch.bfloat16 else t.numpy().tobytes()
        header[name] = {"dtype": ST_DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)  # the format pads the header with spaces to 8 bytes
    with open(file, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


write_safetensors(path("sample.safetensors"), {k: v for k, v in sd.items() if torch.is_tensor(v)}, {"format": "pt"})

# ---------------------------------------------------------------- hostile pickles
MARKER_CMD = 'touch "$DBETA_PWNED_MARKER"'


class EvilSystem:
    def __reduce__(self):
        return (os.system, (MARKER_CMD,))


class EvilEval:
    def __reduce__(self):
        return (eval, ("__import__('os').system('touch \"$DBETA_PWNED_MARKER\"')",))


class EvilSubprocess:
    def __reduce__(self):
        return (subprocess.call, (["sh", "-c", MARKER_CMD],))


evil_model = collections.OrderedDict([("layer.weight", torch.arange(6, dtype=torch.float32).view(2, 3))])
torch.save({"model": evil_model, "payload": EvilSystem()}, path("evil_os_system.pt"))
torch.save({"payload": EvilEval(), "model": evil_model}, path("evil_eval.pt"))
torch.save({"model": evil_model, "payload": [EvilSubprocess()]}, path("evil_subprocess.pt"))


def prove_malicious(file):
    """Loads the file with Python's own unpickler in a child process and checks that the marker appears."""
    with tempfile.TemporaryDirectory() as tmp:
        marker = os.path.join(tmp, "pwned")
        env = dict(os.environ, DBETA_PWNED_MARKER=marker)
        subprocess.run([sys.executable, "-c", "import torch,sys; torch.load(sys.argv[1])", file], env=env, check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert os.path.exists(marker), f"{file} did not create the marker under torch.load"


for name in ["evil_os_system.pt", "evil_eval.pt", "evil_subprocess.pt"]:
    prove_malicious(path(name))

# ---------------------------------------------------------------- newer torch: UntypedStorage + _rebuild_tensor_v3
def _rebuild_tensor_v3(*args):
    raise RuntimeError("never called")


_rebuild_tensor_v3.__module__ = "torch._utils"
torch._utils._rebuild_tensor_v3 = _rebuild_tensor_v3


class UntypedRef:
    def __init__(self, key, nbytes):
        self.key, self.nbytes = key, nbytes


class V3Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, UntypedRef):
            return ("storage", torch.UntypedStorage, obj.key, "cpu", obj.nbytes)
        return None


v3_tensors = {"v3.weight": torch.randn(2, 3), "v3.half": torch.randn(3).half(), "v3.t": torch.randn(3, 2).t(),
              "v3.subclass": torch.randn(2, 2)}
v3_records = {}
v3_state = collections.OrderedDict()
for i, (name, t) in enumerate(v3_tensors.items()):
    # The whole storage behind the view, as raw bytes (what an UntypedStorage record holds).
    raw = torch.empty(0, dtype=t.dtype).set_(t.storage()).numpy().tobytes()
    v3_records[str(i)] = raw
    ref = UntypedRef(str(i), len(raw))
    v3_args = (ref, t.storage_offset(), tuple(t.size()), t.stride(), False, collections.OrderedDict(), t.dtype)
    v3_state[name] = (_rebuild_tensor_v3, v3_args)
# A tensor subclass is wrapped: _rebuild_from_type_v2(rebuild_func, type, rebuild_args, state).
v3_state["v3.subclass"] = (torch._tensor._rebuild_from_type_v2, (_rebuild_tensor_v3, torch.Tensor, v3_state["v3.subclass"][1], {}))


class V3Reduce:
    def __init__(self, func, args):
        self.func, self.args = func, args

    def __reduce__(self):
        return (self.func, self.args)


buf = io.BytesIO()
V3Pickler(buf, protocol=2).dump({"model": collections.OrderedDict((k, V3Reduce(*v)) for k, v in v3_state.items())})
write_zip(path("untyped_v3.pt"), [("untyped_v3/data.pkl", buf.getvalue()), ("untyped_v3/byteorder", "little")]
          + [(f"untyped_v3/data/{key}", raw) for key, raw in v3_records.items()] + [("untyped_v3/version", "3\n")])
expected_v3 = {k: {"shape": list(v.shape), "dtype": DTYPE_NAMES[v.dtype], "bits": bits(v)} for k, v in v3_tensors.items()}
with open(path("untyped_v3_expected.json"), "w") as f:
    json.dump(expected_v3, f, separators=(",", ":"))

# ---------------------------------------------------------------- deflated copy of sample.pt (torch stores; zip readers must also inflate)
with zipfile.ZipFile(path("sample.pt")) as src:
    write_zip(path("deflated.pt"), [(info.filename, src.read(info.filename)) for info in src.infolist()], zipfile.ZIP_DEFLATED)
assert torch.equal(torch.load(path("deflated.pt"))["model"]["encoder.weight"], sd["encoder.weight"])

# ---------------------------------------------------------------- hostile tensor metadata, pickled by hand
class StorageRef:
    def __init__(self, storage_type, key, numel):
        self.storage_type, self.key, self.numel = storage_type, key, numel


class StoragePickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, StorageRef):
            return ("storage", obj.storage_type, obj.key, "cpu", obj.numel)
        return None


class Rebuild:
    def __init__(self, storage, offset, size, stride):
        self.args = (storage, offset, size, stride, False, collections.OrderedDict())

    def __reduce__(self):
        return (torch._utils._rebuild_tensor_v2, self.args)


def crafted(name, tensor_args, records=None, storage_type=torch.FloatStorage, key="0", numel=12, extra=None, byteorder=None):
    """A torch-style zip whose only tensor 'w' is rebuilt from the given (offset, size, stride) of storage 'key'."""
    if records is None:
        records = {"0": np.arange(12, dtype=np.float32).tobytes()}
    obj = {"model": collections.OrderedDict(w=Rebuild(StorageRef(storage_type, key, numel), *tensor_args))}
    obj.update(extra or {})
    buf = io.BytesIO()
    StoragePickler(buf, protocol=2).dump(obj)
    root = name[:-3]
    write_zip(path(name), [(f"{root}/data.pkl", buf.getvalue())] + ([(f"{root}/byteorder", byteorder)] if byteorder else [])
              + [(f"{root}/data/{k}", raw) for k, raw in records.items()] + [(f"{root}/version", "3\n")])


hostile = {}


def case(name, problem, *args, **kwargs):
    crafted(name, *args, **kwargs)
    hostile[name] = problem


# A valid crafted file first, so the failures below are the metadata's fault and nothing else.
crafted("crafted_ok.pt", (2, (2, 3), (1, 2)))
assert torch.load(path("crafted_ok.pt"))["model"]["w"].tolist() == [[2, 4, 6], [3, 5, 7]]
case("hostile_extent.pt", "reaches element 15 of a storage holding 12 elements", (0, (4, 4), (4, 1)))
case("hostile_offset.pt", "reaches element 12 of a storage holding 12 elements", (12, (1,), (1,)))
case("hostile_negative_stride.pt", "negative stride -1", (2, (3,), (-1,)))
case("hostile_negative_offset.pt", "negative storage offset -1", (-1, (3,), (1,)))
case("hostile_huge_count.pt", "elements, too many for one array", (0, (2**20, 2**20), (0, 0)))
case("hostile_expansion.pt", "values, more than 4 per byte", (0, (2**15, 2**15), (0, 0)))  # 4 GiB of floats from 48 bytes
case("hostile_huge_dim.pt", "too large for one array", (0, (2**40,), (0,)))
case("hostile_rank.pt", "more than the 64 supported", (0, (1,) * 100, (1,) * 100))
case("hostile_size_stride.pt", "has 2 sizes but 1 strides", (0, (2, 2), (1,)))
case("hostile_float_size.pt", "size is a float, not an int", (0, (2.5,), (1,)))
case("hostile_numel_claim.pt", "claims 1000 float32 elements (4000 bytes), but its record holds only 48 bytes", (0, (3,), (1,)), numel=1000)
case("hostile_storage_type.pt", "has type posix.system, not a torch storage class", (0, (3,), (1,)), storage_type=os.system)
case("hostile_storage_key.pt", "no record 'hostile_storage_key/data/../../etc/passwd'", (0, (3,), (1,)), key="../../etc/passwd")
case("hostile_complex.pt", "element type complex64, which has no float32 conversion", (0, (3,), (1,)), storage_type=torch.ComplexFloatStorage, numel=6)
case("hostile_byteorder.pt", "byteorder is 'big'", (0, (3,), (1,)), byteorder="big")

torch.save(torch.nn.Linear(2, 2), path("hostile_module.pt"))
hostile["hostile_module.pt"] = "holds a pickled torch.nn.modules.linear.Linear object, not a dict of tensors"
torch.save({"model": [1, 2], "epoch": 1}, path("hostile_model_list.pt"))
hostile["hostile_model_list.pt"] = "'model' holds a list, not a state dict"
torch.save({"epoch": 3, "args": None}, path("hostile_no_tensors.pt"))
hostile["hostile_no_tensors.pt"] = "holds no tensors in its state dict (keys: epoch, args)"
with open(path("hostile_expected.json"), "w") as f:
    json.dump(hostile, f, indent=1)

# ---------------------------------------------------------------- plain pickles, every protocol
def canon(o):
    """The canonical text the C# test prints for the same value."""
    if o is None:
        return "None"
    if o is True:
        return "True"
    if o is False:
        return "False"
    if isinstance(o, int):
        return str(o)
    if isinstance(o, float):
        return "f" + struct.pack(">d", o).hex()
    if isinstance(o, str):
        return json.dumps(o, ensure_ascii=True)
    if isinstance(o, (bytes, bytearray)):
        return "b'" + bytes(o).hex() + "'"
    if isinstance(o, list):
        return "[" + ",".join(canon(x) for x in o) + "]"
    if isinstance(o, tuple):
        return "(" + ",".join(canon(x) for x in o) + ")"
    if isinstance(o, dict):
        return "{" + ",".join(canon(k) + ":" + canon(v) for k, v in o.items()) + "}"
    if isinstance(o, (set, frozenset)):
        return ("frozenset" if isinstance(o, frozenset) else "set") + "{" + ",".join(sorted(canon(x) for x in o)) + "}"
    raise TypeError(type(o))


shared_list = [1, 2, 3]
value = {
    "none": None, "t": True, "f": False,
    "ints": [0, 1, -1, 255, 256, 65535, 65536, -2**31, 2**31 - 1, 2**31, 2**63 - 1, -2**63, 2**64, 2**100, -(2**1000) - 7],
    "floats": [0.0, -0.0, 1.5, -2.25e-300, 1e300, float("inf"), float("-inf"), 0.1],
    "strs": ["", "ascii", "ünïcödé ✓", "emoji 🧠", "quote ' and \" and \\ and \n newline", "x" * 300],
    "bytes": [b"", b"\x00\x01\xff", bytes(range(256)), bytearray(b"mutable")],
    "tuples": [(), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4)],
    "nested": {"a": {"b": {"c": [[[[]]]]}}},
    "shared": [shared_list, shared_list],
    "sets": [set(), {1, 2, 3}, frozenset({"a", "b"}), frozenset()],
    "ordered": collections.OrderedDict([("z", 1), ("a", 2)]),
    7: "int key", (1, "t"): "tuple key",
    "long_list": list(range(2500)),
    "big_dict": {f"k{i}": i for i in range(1200)},
}
lines = []
for p in range(0, 6):
    data = pickle.dumps(value, protocol=p)
    with open(path(f"protocol_{p}.pkl"), "wb") as f:
        f.write(data)
    assert canon(pickle.loads(data)) == canon(value)
with open(path("protocol_expected.txt"), "w") as f:
    f.write(canon(value) + "\n")
print("wrote", sorted(os.listdir(OUT)))
