#!/usr/bin/python3
"""Writes the fixtures of the ECG data layer into tests/fixtures/data/.

Run with Debian's python (it has h5py and numpy):  /usr/bin/python3 tests/reference/make_data_fixtures.py

Everything here is written from the file-format specifications with numpy/h5py, independently of the C# readers:
  * HDF5 in CODE / CODE-15 layout: dataset 'tracings' [N, T, 12] float32 (time-major), optional 'exam_id' int64;
  * NumPy .npy files (format versions 1.0, 2.0, 3.0) and byte-exact np.save outputs for the writer tests;
  * WFDB records (header + signal files in formats 16, 61, 80, 160, 212, 24, 32) with their physical values;
  * label CSVs (CODE's gold_standard.csv by row order, CODE-15's exams.csv joined on exam_id) and bad variants.
The script is deterministic (fixed seed) and the outputs are small (well under 1 MB in all).
"""
import os
import shutil

import h5py
import numpy as np

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "data"))
RNG = np.random.default_rng(20251124)
LEADS = ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"]


def path(*parts):
    p = os.path.join(OUT, *parts)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def synthetic_ecg(n, t, fs):
    """n ECG-like recordings [n, 12, t] in mV (float64): a few harmonics of a heart rate plus noise."""
    time = np.arange(t) / fs
    out = np.empty((n, 12, t))
    for i in range(n):
        rate = RNG.uniform(0.9, 1.6)  # beats per second
        for lead in range(12):
            amp = RNG.uniform(0.2, 1.5, size=3)
            phase = RNG.uniform(0, 2 * np.pi, size=3)
            wave = sum(amp[k] * np.sin(2 * np.pi * rate * (k + 1) * time + phase[k]) for k in range(3)) / 3
            out[i, lead] = wave + RNG.normal(0, 0.02, size=t)
    return out


def write_raw_f32(p, array):
    """Raw little-endian float32, C order: the most independent reference a C# test can read."""
    np.ascontiguousarray(array, dtype="<f4").tofile(p)


# ---------------------------------------------------------------- HDF5 (CODE layout)
def make_hdf5():
    n, t = 5, 400
    lead_major = synthetic_ecg(n, t, 400).astype(np.float32)  # [N, 12, T]
    time_major = np.ascontiguousarray(lead_major.transpose(0, 2, 1))  # [N, T, 12] as CODE stores it
    exam_ids = np.array([1169160, 2873686, 168405, 271011, 384368], dtype=np.int64)

    write_raw_f32(path("hdf5", "expected_lead_major.f32"), lead_major)
    with open(path("hdf5", "expected_exam_ids.txt"), "w") as f:
        f.write("\n".join(str(i) for i in exam_ids) + "\n")

    with h5py.File(path("hdf5", "code_contiguous.h5"), "w") as f:
        f.create_dataset("tracings", data=time_major)
    with h5py.File(path("hdf5", "code_chunked.h5"), "w") as f:
        f.create_dataset("tracings", data=time_major, chunks=(2, t, 12))
        f.create_dataset("exam_id", data=exam_ids)
    with h5py.File(path("hdf5", "code_gzip_shuffle.h5"), "w") as f:
        # Chunks split rows and time (edge chunks are partial) to exercise hyperslabs across chunk borders.
        f.create_dataset("tracings", data=time_major, chunks=(2, 150, 12), compression="gzip",
                         compression_opts=4, shuffle=True)
        f.create_dataset("exam_id", data=exam_ids)
    with h5py.File(path("hdf5", "code_float64.h5"), "w") as f:
        f.create_dataset("tracings", data=time_major.astype(np.float64))
        f.create_dataset("exam_id", data=exam_ids)
    with h5py.File(path("hdf5", "code_custom_names.h5"), "w") as f:
        f.create_dataset("signals/ecg", data=time_major, chunks=(1, t, 12))
        f.create_dataset("signals/ids", data=np.array([f"exam-{i}" for i in exam_ids], dtype=h5py.string_dtype()))

    # NaN in row 2 (lead aVL, sample 17) and +Inf in row 4 (lead I, sample 0).
    bad_values = time_major.copy()
    bad_values[2, 17, 4] = np.nan
    bad_values[4, 0, 0] = np.inf
    with h5py.File(path("hdf5", "code_nan_inf.h5"), "w") as f:
        f.create_dataset("tracings", data=bad_values, chunks=(1, t, 12), compression="gzip")
        f.create_dataset("exam_id", data=exam_ids)

    small = time_major[:, :50]  # bad files only need their shape and type
    with h5py.File(path("hdf5", "bad_rank2.h5"), "w") as f:
        f.create_dataset("tracings", data=small[0])
    with h5py.File(path("hdf5", "bad_missing_tracings.h5"), "w") as f:
        f.create_dataset("signals", data=small)
    with h5py.File(path("hdf5", "bad_lead_count.h5"), "w") as f:
        f.create_dataset("tracings", data=small[:, :, :8])
    with h5py.File(path("hdf5", "bad_int16.h5"), "w") as f:
        f.create_dataset("tracings", data=(small * 1000).astype(np.int16))
    with h5py.File(path("hdf5", "bad_exam_id_length.h5"), "w") as f:
        f.create_dataset("tracings", data=small)
        f.create_dataset("exam_id", data=exam_ids[:4])
    with h5py.File(path("hdf5", "bad_exam_id_float.h5"), "w") as f:
        f.create_dataset("tracings", data=small)
        f.create_dataset("exam_id", data=exam_ids.astype(np.float64))
    with h5py.File(path("hdf5", "bad_big_endian.h5"), "w") as f:
        f.create_dataset("tracings", data=small.astype(">f4"))
    with open(path("hdf5", "bad_not_hdf5.h5"), "wb") as f:
        f.write(b"this is a text file, not HDF5\n" * 20)
    return exam_ids


# ---------------------------------------------------------------- NumPy .npy
def make_npy():
    n, t = 3, 250
    lead_major = synthetic_ecg(n, t, 500).astype(np.float32)  # [N, 12, T]
    write_raw_f32(path("npy", "expected_lead_major.f32"), lead_major)

    np.save(path("npy", "ecg_f4_lead_major.npy"), lead_major)
    np.save(path("npy", "ecg_f8_time_major.npy"), lead_major.transpose(0, 2, 1).astype(np.float64))
    for version in [(2, 0), (3, 0)]:
        with open(path("npy", f"ecg_f4_lead_major_v{version[0]}.npy"), "wb") as f:
            np.lib.format.write_array(f, lead_major, version=version)

    nan_inf = lead_major.copy()
    nan_inf[1, 7, 99] = np.nan  # row 1, lead V2, sample 99
    nan_inf[2, 11, 0] = -np.inf  # row 2, lead V6, sample 0
    np.save(path("npy", "ecg_nan_inf.npy"), nan_inf)

    np.save(path("npy", "bad_fortran.npy"), np.asfortranarray(lead_major))
    np.save(path("npy", "bad_big_endian.npy"), lead_major.astype(">f4"))
    np.save(path("npy", "bad_int32.npy"), (lead_major * 1000).astype(np.int32))
    np.save(path("npy", "bad_rank2.npy"), lead_major[0])
    np.save(path("npy", "bad_lead_count.npy"), lead_major[:, :8, :])
    np.save(path("npy", "bad_truncated.npy"), lead_major)
    with open(path("npy", "bad_truncated.npy"), "r+b") as f:
        f.truncate(os.path.getsize(path("npy", "bad_truncated.npy")) - 100)
    with open(path("npy", "bad_magic.npy"), "wb") as f:
        f.write(b"not a numpy file at all, just some text that is long enough\n")

    # Byte-exact np.save outputs the C# writer must reproduce.
    np.save(path("npy", "np_save_2x3.npy"), np.arange(6, dtype=np.float32).reshape(2, 3))
    np.save(path("npy", "np_save_1d.npy"), np.arange(5, dtype=np.float32) * 0.5)
    np.save(path("npy", "np_save_3x12x7.npy"), RNG.normal(size=(3, 12, 7)).astype(np.float32))
    np.save(path("npy", "np_save_0x768.npy"), np.zeros((0, 768), dtype=np.float32))


# ---------------------------------------------------------------- WFDB
def pack_212(samples):
    """Format 212: pairs of 12-bit two's complement samples in 3 bytes; a lone last sample takes 2 bytes."""
    s = np.asarray(samples, dtype=np.int64) & 0xFFF
    odd = len(s) % 2
    if odd:
        s = np.append(s, 0)
    a, b = s[0::2], s[1::2]
    out = np.empty((len(a), 3), dtype=np.uint8)
    out[:, 0] = a & 0xFF
    out[:, 1] = ((a >> 8) & 0x0F) | (((b >> 8) & 0x0F) << 4)
    out[:, 2] = b & 0xFF
    flat = out.reshape(-1)
    return flat[:-1].tobytes() if odd else flat.tobytes()


def encode(fmt, frames):
    """frames: [T, nsig] digital ints, frame-major as WFDB interleaves them."""
    flat = np.asarray(frames, dtype=np.int64).reshape(-1)
    if fmt == 16:
        return flat.astype("<i2").tobytes()
    if fmt == 61:
        return flat.astype(">i2").tobytes()
    if fmt == 80:
        return (flat + 128).astype(np.uint8).tobytes()
    if fmt == 160:
        return (flat + 32768).astype("<u2").tobytes()
    if fmt == 212:
        return pack_212(flat)
    if fmt == 24:
        u = flat & 0xFFFFFF
        b = np.stack([u & 0xFF, (u >> 8) & 0xFF, (u >> 16) & 0xFF], axis=1).astype(np.uint8)
        return b.tobytes()
    if fmt == 32:
        return flat.astype("<i4").tobytes()
    raise ValueError(fmt)


DIGITAL_RANGE = {16: (-32767, 32767), 61: (-32767, 32767), 80: (-127, 127), 160: (-32767, 32767),
                 212: (-2047, 2047), 24: (-(2 ** 23) + 1, 2 ** 23 - 1), 32: (-(2 ** 31) + 1, 2 ** 31 - 1)}


class Signal:
    def __init__(self, name, fmt, gain, baseline, adczero, explicit_baseline=True, units="mV", gain_text=None):
        self.name, self.fmt, self.gain, self.baseline, self.adczero = name, fmt, gain, baseline, adczero
        self.explicit_baseline, self.units, self.gain_text = explicit_baseline, units, gain_text


def write_wfdb(folder, record, fs_text, t, files, physical_by_name, crlf=False, comment_first=False,
               record_line=None, nsig_override=None, drop_signal_lines=0, time_date=""):
    """files: list of (filename, byte_offset, [Signal]). Returns expected physical values by signal name."""
    lines = []
    if comment_first:
        lines.append("# written by tests/reference/make_data_fixtures.py")
    nsig = sum(len(sigs) for _, _, sigs in files)
    lines.append(record_line or f"{record} {nsig_override or nsig} {fs_text} {t}{time_date}")
    expected = {}
    signal_lines = []
    for filename, offset, sigs in files:
        frames = np.zeros((t, len(sigs)), dtype=np.int64)
        for j, s in enumerate(sigs):
            gain = s.gain if s.gain != 0 else 200.0  # WFDB: gain 0 means the default 200
            lo, hi = DIGITAL_RANGE[s.fmt]
            digital = np.clip(np.round(physical_by_name[s.name][:t] * gain + s.baseline), lo, hi).astype(np.int64)
            frames[:, j] = digital
            expected[s.name] = ((digital - s.baseline) / gain).astype(np.float32)
        data = encode(sigs[0].fmt, frames)
        with open(os.path.join(folder, filename), "wb") as f:
            f.write(bytes(range(offset)))  # a prefix the header's +offset skips (like the 24-byte .mat headers)
            f.write(data)
        for j, s in enumerate(sigs):
            fmt_text = f"{s.fmt}+{offset}" if offset else f"{s.fmt}"
            gain_text = s.gain_text or f"{s.gain:.10g}"
            if s.explicit_baseline:
                gain_text += f"({s.baseline})"
            if s.units:
                gain_text += f"/{s.units}"
            bits = {80: 8, 212: 12, 16: 16, 61: 16, 160: 16, 24: 24, 32: 32}[s.fmt]
            init = int(frames[0, j])
            checksum = int(np.sum(frames[:, j])) & 0xFFFF
            checksum = checksum - 65536 if checksum > 32767 else checksum
            signal_lines.append(f"{filename} {fmt_text} {gain_text} {bits} {s.adczero} {init} {checksum} 0 {s.name}")
    lines += signal_lines[:len(signal_lines) - drop_signal_lines]
    lines.append("# <age>: 61 <sex>: F <dx>: synthetic")
    newline = "\r\n" if crlf else "\n"
    with open(os.path.join(folder, record + ".hea"), "w", newline="") as f:
        f.write(newline.join(lines) + newline)
    return expected


def physical_for(names, t, fs):
    ecg = synthetic_ecg(1, t, fs)[0]
    return {name: ecg[i % 12] for i, name in enumerate(names)}


def save_expected(record, expected, lead_names):
    """[12, T] float32 in D-BETA lead order; lead_names maps each standard lead to the header's signal name."""
    stacked = np.stack([expected[lead_names[lead]] for lead in LEADS]).astype(np.float32)
    np.save(path("wfdb", "expected", record + ".physical.npy"), stacked)


def make_wfdb():
    good = os.path.dirname(path("wfdb", "good", "x"))
    other = os.path.dirname(path("wfdb", "other", "x"))
    bad = os.path.dirname(path("wfdb", "bad", "x"))
    t, fs = 301, 500  # odd length: the last 212 frame ends in a half-filled byte triple

    # rec16: format 16, PTB-XL style upper-case names, explicit baselines, CRLF, time and date on the record line.
    names = ["I", "II", "III", "AVR", "AVL", "AVF", "V1", "V2", "V3", "V4", "V5", "V6"]
    phys = physical_for(names, t, fs)
    sigs = [Signal(n, 16, 1000, int(RNG.integers(-40, 40)), 0) for n in names]
    exp = write_wfdb(good, "rec16", "500", t, [("rec16.dat", 0, sigs)], phys, crlf=True,
                     time_date=" 10:20:30 01/02/2003")
    save_expected("rec16", exp, dict(zip(LEADS, names)))

    # rec212: format 212, lower-case names in a shuffled order, baseline omitted (so it is adczero), counter frequency.
    names = ["v1", "v2", "v3", "v4", "v5", "v6", "i", "ii", "iii", "avr", "avl", "avf"]
    phys = physical_for(names, t, fs)
    sigs = [Signal(n, 212, 200, z, z, explicit_baseline=False) for n, z in zip(names, RNG.integers(-30, 30, 12))]
    exp = write_wfdb(good, "rec212", "500/1000(7)", t, [("rec212.dat", 0, sigs)], phys, comment_first=True)
    save_expected("rec212", exp, {lead: lead.lower() for lead in LEADS})

    # split: 7 leads in a 212 file (odd signals per frame), 5 leads + an extra signal in a format 16 file
    # with a 24-byte prefix (+24), 'lead X' names, one gain of 0 (WFDB default 200), one gain without units.
    a_names = ["lead I", "lead II", "lead III", "lead aVR", "lead aVL", "lead aVF", "lead V1"]
    b_names = ["lead V6", "lead V5", "RESP", "lead V4", "lead V3", "lead V2"]
    phys = physical_for(a_names + b_names, t, fs)
    a = [Signal(n, 212, 400, 0, 0) for n in a_names]
    b = [Signal(n, 16, 2000, int(RNG.integers(-100, 100)), 0) for n in b_names]
    b[3] = Signal("lead V4", 16, 0, 3, 3, explicit_baseline=False, units="")
    b[4] = Signal("lead V3", 16, 2000.5, -9, 0, units="")
    exp = write_wfdb(good, "split", "500", t, [("split_a.dat", 0, a), ("split_b.dat", 24, b)], phys)
    save_expected("split", exp, {lead: "lead " + lead for lead in LEADS})

    # formats: one file per WFDB format 80, 24, 32, 61, 160.
    groups = [("formats_80.dat", 80, 20, ["I", "II", "III"]), ("formats_24.dat", 24, 100000, ["aVR", "aVL", "aVF"]),
              ("formats_32.dat", 32, 1000000, ["V1", "V2"]), ("formats_61.dat", 61, 1000, ["V3", "V4"]),
              ("formats_160.dat", 160, 1000, ["V5", "V6"])]
    phys = physical_for(LEADS, t, fs)
    files = [(fn, 0, [Signal(n, fmt, g, int(RNG.integers(-5, 5)), 0) for n in ns]) for fn, fmt, g, ns in groups]
    exp = write_wfdb(good, "formats", "500", t, files, phys)
    save_expected("formats", exp, {lead: lead for lead in LEADS})

    # Records that break the folder's rules: another rate, another length, a missing lead, an invalid sample.
    phys = physical_for(LEADS, 400, fs)
    write_wfdb(other, "rate250", "250", t, [("rate250.dat", 0, [Signal(n, 16, 1000, 0, 0) for n in LEADS])], phys)
    write_wfdb(other, "len400", "500", 400, [("len400.dat", 0, [Signal(n, 16, 1000, 0, 0) for n in LEADS])], phys)
    exp = write_wfdb(other, "noV6", "500", t, [("noV6.dat", 0, [Signal(n, 16, 1000, 0, 0) for n in LEADS[:11]])], phys)
    exp["V6"] = np.zeros(t, dtype=np.float32)  # zero-filled when the caller allows it
    save_expected("noV6", exp, {lead: lead for lead in LEADS})
    write_wfdb(other, "nolength", "500", t, [("nolength.dat", 0, [Signal(n, 16, 1000, 0, 0) for n in LEADS])], phys,
               record_line="nolength 12 500")
    exp = write_wfdb(other, "invalid16", "500", t, [("invalid16.dat", 0, [Signal(n, 16, 1000, 0, 0) for n in LEADS])],
                     phys)
    raw = bytearray(open(os.path.join(other, "invalid16.dat"), "rb").read())
    frame, lead = 10, 7  # sample 10 of V2 holds WFDB's invalid-sample value -32768
    raw[(frame * 12 + lead) * 2:(frame * 12 + lead) * 2 + 2] = np.int16(-32768).tobytes()
    open(os.path.join(other, "invalid16.dat"), "wb").write(bytes(raw))

    # Bad records, one problem each.
    ok = [Signal(n, 16, 1000, 0, 0) for n in LEADS]
    write_wfdb(bad, "short", "500", t, [("short.dat", 0, ok)], phys)
    raw = open(os.path.join(bad, "short.dat"), "rb").read()
    open(os.path.join(bad, "short.dat"), "wb").write(raw[:len(raw) - 1000])
    write_wfdb(bad, "badformat", "500", t, [("badformat.dat", 0, ok)], phys)
    fix_header(bad, "badformat", lambda line: line.replace("badformat.dat 16 ", "badformat.dat 999 ", 1), first_only=False)
    write_wfdb(bad, "badnsig", "500", t, [("badnsig.dat", 0, ok)], phys, record_line="badnsig twelve 500 301")
    write_wfdb(bad, "badcount", "500", t, [("badcount.dat", 0, ok)], phys, drop_signal_lines=1)
    write_wfdb(bad, "badgain", "500", t, [("badgain.dat", 0, ok)], phys)
    fix_header(bad, "badgain", lambda line: line.replace(" 1000(0)/mV ", " 1k(0)/mV ", 1), first_only=True)
    write_wfdb(bad, "missingdat", "500", t, [("missingdat.dat", 0, ok)], phys)
    os.remove(os.path.join(bad, "missingdat.dat"))
    write_wfdb(bad, "multiseg", "500", t, [("multiseg.dat", 0, ok)], phys, record_line="multiseg/2 12 500 301")
    write_wfdb(bad, "shortline", "500", t, [("shortline.dat", 0, ok)], phys)
    fix_header(bad, "shortline", lambda line: "shortline.dat" if line.startswith("shortline.dat") else line,
               first_only=True)
    write_wfdb(bad, "mixed212", "500", t, [("mixed212.dat", 0, ok)], phys)
    fix_header(bad, "mixed212", lambda line: line.replace("mixed212.dat 16 ", "mixed212.dat 212 ", 1), first_only=True)


def fix_header(folder, record, edit, first_only):
    p = os.path.join(folder, record + ".hea")
    lines = open(p).read().split("\n")
    done = False
    for i, line in enumerate(lines):
        if i == 0 or line.startswith("#") or (first_only and done):
            continue
        new = edit(line)
        if new != line:
            lines[i] = new
            done = True
    open(p, "w").write("\n".join(lines))


# ---------------------------------------------------------------- labels
def make_labels(exam_ids):
    names = ["1dAVb", "RBBB", "LBBB", "SB", "AF", "ST"]
    labels = RNG.integers(0, 2, size=(len(exam_ids), len(names)))
    labels[0] = 0  # one normal exam
    np.save(path("labels", "expected_labels.npy"), labels.astype(np.float32))

    def rows_csv(p, rows, header=names):
        with open(p, "w", newline="") as f:
            f.write(",".join(header) + "\n")
            for r in rows:
                f.write(",".join(str(v) for v in r) + "\n")

    rows_csv(path("labels", "gold_standard.csv"), labels.tolist())
    rows_csv(path("labels", "short.csv"), labels[:4].tolist())
    nonbinary = labels.tolist()
    nonbinary[2][3] = 2  # data row 3 (line 4), column SB
    rows_csv(path("labels", "nonbinary.csv"), nonbinary)

    # CODE-15 style exams.csv: quoted header, extra columns, True/False, rows in another order plus unrelated exams.
    header = ["exam_id", "age", "is_male", "1dAVb", "RBBB", "LBBB", "SB", "ST", "AF", "trace_file"]
    order = {"1dAVb": 0, "RBBB": 1, "LBBB": 2, "SB": 3, "AF": 4, "ST": 5}
    rows = []
    for i, exam in enumerate(exam_ids):
        flags = {k: bool(labels[i, j]) for k, j in order.items()}
        rows.append([exam, int(RNG.integers(20, 90)), bool(i % 2)] + [flags[k] for k in header[3:9]] + ["exams_part0.hdf5"])
    extra = [[999000 + k, 50, False, False, True, False, False, False, True, "exams_part1.hdf5"] for k in range(3)]
    all_rows = rows + extra
    shuffled = [all_rows[i] for i in RNG.permutation(len(all_rows))]

    def exams_csv(p, rows_):
        with open(p, "w", newline="") as f:
            f.write(",".join(f'"{h}"' for h in header) + "\n")
            for r in rows_:
                f.write(",".join(str(v) for v in r) + "\n")

    exams_csv(path("labels", "exams.csv"), shuffled)
    exams_csv(path("labels", "exams_duplicate_id.csv"), shuffled + [rows[1]])
    exams_csv(path("labels", "exams_missing_id.csv"), [r for r in shuffled if r[0] != exam_ids[3]])
    ragged = [list(r) for r in shuffled]
    ragged[4] = ragged[4][:5]
    exams_csv(path("labels", "exams_ragged.csv"), ragged)


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    exam_ids = make_hdf5()
    make_npy()
    make_wfdb()
    make_labels(exam_ids)
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(OUT) for f in fs)
    print(f"wrote {OUT} ({total / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
