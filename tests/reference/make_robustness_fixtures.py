#!/usr/bin/python3
"""Writes the HDF5 files whose data lives in other files, for the robustness tests, into tests/fixtures/robustness/.

Run with Debian's python (it has h5py and numpy):  /usr/bin/python3 tests/reference/make_robustness_fixtures.py

  * virtual.h5       'tracings' [2, 50, 12] float32 is a virtual dataset mapping virtual_source.h5's 'tracings';
  * external_link.h5 'tracings' is an external link to virtual_source.h5:/tracings;
  * virtual_source.h5 the real [2, 50, 12] float32 data both point at.
A data file must not send the ECG reader into other files, so the first two must be refused. Deterministic (fixed seed).
"""
import os

import h5py
import numpy as np

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "robustness"))
os.makedirs(OUT, exist_ok=True)
data = np.random.default_rng(20251124).standard_normal((2, 50, 12)).astype("<f4")

with h5py.File(os.path.join(OUT, "virtual_source.h5"), "w") as f:
    f.create_dataset("tracings", data=data, track_times=False)

# The virtual dataset through the low-level API, to switch off its timestamps (the file is then byte-for-byte repeatable).
with h5py.File(os.path.join(OUT, "virtual.h5"), "w") as f:
    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    dcpl.set_obj_track_times(False)
    space = h5py.h5s.create_simple(data.shape)
    dcpl.set_virtual(space, b"virtual_source.h5", b"tracings", h5py.h5s.create_simple(data.shape))
    h5py.h5d.create(f.id, b"tracings", h5py.h5t.IEEE_F32LE, space, dcpl=dcpl)

with h5py.File(os.path.join(OUT, "external_link.h5"), "w") as f:
    f["tracings"] = h5py.ExternalLink("virtual_source.h5", "/tracings")

for name in sorted(os.listdir(OUT)):
    print(name, os.path.getsize(os.path.join(OUT, name)))
