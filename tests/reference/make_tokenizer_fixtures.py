#!/usr/bin/python3
"""Reference fixtures for DBetaTextTokenizer (T5 / Flan-T5 SentencePiece tokenization).

Run with Debian's python (it has sentencepiece and protobuf):

    /usr/bin/python3 tests/reference/make_tokenizer_fixtures.py

Writes into tests/fixtures/tokenizer/:
  clinical-unigram.model  unigram model with T5's special ids: pad 0, eos 1, unk 2, bos -1, no byte fallback
  clinical-unigram-bos.model  the same corpus with a bos piece (pad 0, eos 1, unk 2, bos 3)
  clinical-bpe.model      a BPE model (the tokenizer must refuse it: T5 is unigram)
  clinical-identity-userdef.model  identity normalization, extra whitespace kept, user-defined pieces (small)
  expected.json           python-sentencepiece ids (+ eos) for the prompts below, raw and lowercased,
                          and for seeded random strings full of unknown characters ("fuzz")

The corpus is tests/reference/ecg_corpus.txt (hand-written clinical ECG sentences) plus sentences built
here from seeded templates. If ../shared/t5/spiece.model (or --t5 PATH) exists, expected-t5.json is written for
it too: the prompts above plus those of t5_prompts() (the project's prompt wording in models/prompts, CODE's labels,
PTB-XL-style statements, more unicode, and texts of exactly 510-513 pieces around the 512 cut), with the model's
SHA-256 and size, so the test can tell a different spiece.model from a tokenizer bug. The test that reads it skips
when ../shared/t5/spiece.model is absent.
"""
import argparse
import hashlib
import json
import os
import random
import re
import sys
import tempfile

import sentencepiece as spm
from sentencepiece import sentencepiece_model_pb2 as sp_pb2

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "tests", "fixtures", "tokenizer")
SHARED_T5 = os.path.join(os.path.dirname(ROOT), "shared", "t5", "spiece.model")
MAX_TOKENS = 512  # DBetaConfig.MaxTextTokens: T5 truncation keeps 511 pieces and then </s>
EOS_ID = 1


def template_sentences(rng):
    """More corpus lines from templates, so numbers, leads and intervals occur in many combinations."""
    rhythms = ["sinus rhythm", "sinus bradycardia", "sinus tachycardia", "atrial fibrillation",
               "atrial flutter", "junctional rhythm", "ectopic atrial rhythm", "paced rhythm"]
    findings = ["first degree av block", "right bundle branch block", "left bundle branch block",
                "left anterior fascicular block", "left ventricular hypertrophy", "nonspecific t wave changes",
                "st depression", "st elevation", "t wave inversion", "low qrs voltage", "prolonged qt interval",
                "premature ventricular contractions", "premature atrial contractions", "poor r wave progression"]
    leads = ["i", "ii", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5", "v6"]
    lines = []
    for _ in range(200):
        rhythm = rng.choice(rhythms)
        finding = rng.choice(findings)
        rate = rng.randint(35, 190)
        pr = rng.randint(100, 320)
        qrs = rng.randint(70, 180)
        qtc = rng.randint(340, 540)
        a, b = sorted(rng.sample(range(len(leads)), 2))
        kind = rng.randrange(5)
        if kind == 0:
            lines.append(f"{rhythm} at {rate} beats per minute with {finding}.")
        elif kind == 1:
            lines.append(f"pr interval {pr} ms, qrs duration {qrs} ms, qtc {qtc} ms.")
        elif kind == 2:
            lines.append(f"{finding} in leads {leads[a]} to {leads[b]}.")
        elif kind == 3:
            lines.append(f"heart rate {rate} bpm; {rhythm}; {finding}.")
        else:
            mm = rng.choice(["0.5", "1", "1.5", "2", "3", "4"])
            lines.append(f"{finding} of {mm} mm in {leads[a]} and {leads[b]} ({rhythm}).")
    return lines


# Prompts checked against python-sentencepiece: D-BETA-style label descriptions and tricky strings.
LONG = " ".join(["sinus rhythm with first degree av block, qrs 130 ms, st depression of 1 mm in v5 and v6."] * 40)
PROMPTS = [
    ("empty", ""),
    ("spaces-only", "    "),
    ("simple", "sinus rhythm"),
    ("prompt-1davb", "first degree atrioventricular block: the pr interval is prolonged beyond 200 ms."),
    ("prompt-rbbb", "Right bundle branch block with a wide QRS complex and an rsR' pattern in V1."),
    ("prompt-lbbb", "Left bundle branch block: QRS >= 120 ms, broad notched R waves in I, aVL, V5-V6."),
    ("prompt-sb", "Sinus bradycardia, heart rate < 60 bpm."),
    ("prompt-af", "Atrial fibrillation: irregularly irregular rhythm, no P waves."),
    ("prompt-st", "Sinus tachycardia, heart rate > 100 bpm."),
    ("rsr-prime", "QRS 130 ms, rSR' in V1"),
    ("braces-tilde", "ST elevation {V2-V4} ~ <2mm>"),
    ("angle-2mm", "<2mm>"),
    ("micro-volt", "R wave amplitude 1500 µV in aVL"),
    ("degrees", "QRS axis -45°, left axis deviation"),
    ("plus-minus", "QTc 450 ± 20 ms"),
    ("unk-run-mixed", "µ°±~{}"),
    ("unk-separated", "~ { } ° ±"),
    ("unk-leading", "~sinus rhythm"),
    ("unk-leading-space", " ~ sinus rhythm"),
    ("unk-trailing", "sinus rhythm~"),
    ("unk-digits", "~12~34~"),
    ("unk-between-digits", "1~2 3°4 5±6"),
    ("unk-only", "~~~"),
    ("cyrillic", "ЭКГ: синусовый ритм"),
    ("chinese", "心电图 sinus rhythm 正常"),
    ("greek", "Δ wave, β blocker"),
    ("emoji", "heart ❤ rate 💓 72"),
    ("arabic-digits", "rate ٧٢ bpm"),
    ("fullwidth", "ＥＣＧ ＱＲＳ １２０ ms"),
    ("ligature", "ﬁrst degree block"),
    ("nbsp", "sinus\u00a0rhythm\u2003with block"),
    ("combining", "cafe\u0301 re\u0301sume\u0301"),
    ("digits", "0123456789 12 lead 500 hz 5000 samples"),
    ("decimals", "st depression 0.5 mm, 1.25 mv, -0.1 mv"),
    ("punctuation", "pr: 200ms; qrs: 100ms, qt/qtc = 400/420 (normal)!?"),
    ("quotes", "\"abnormal\" 'borderline' `ecg`"),
    ("multiple-spaces", "sinus   rhythm     with    block"),
    ("leading-trailing", "   atrial fibrillation   "),
    ("tabs-newlines", "sinus rhythm\twith\nfirst degree\r\nav block"),
    ("uppercase", "SINUS BRADYCARDIA WITH LEFT BUNDLE BRANCH BLOCK"),
    ("mixed-case", "AtRiAl FiBrIlLaTiOn"),
    ("control-pieces", "</s> <pad> <unk> <s> end"),
    ("underscore-sp", "a\u2581b \u2581 c"),
    ("deleted-controls", "sinus\x07 rhythm\x00,\x1b qrs\x7f"),
    ("bom-zero-width", "\ufeffsinus\u200brhythm\u200d \ufe0f block\ufeff"),
    ("soft-hyphen", "atrio\u00adventricular"),
    ("tie-lead-iii", "ST depression in leads II, III and aVF (III)"),
    ("tie-repeats", "----- ...... iii IIIII ====== 0000 mmmm"),
    ("python-lower-i-dot", "\u0130nferior \u0130 leads"),
    ("python-lower-sigma", "\u039f\u0394\u039f\u03a3 \u03a3 \u0391\u03a3. \u03a3\u0391 \u0391\u03a3'\u0391 \u0391\u0301\u03a3\u0301"),
    ("unknown-latin", "xyz jujube zzz wq"),
    ("long", LONG),
]


def t5_prompts():
    """Extra cases for the real T5 vocabulary, whose pieces cover far more than the small clinical models'."""
    with open(os.path.join(ROOT, "models", "prompts", "code-prompts.json"), encoding="utf-8") as f:
        code_prompts = json.load(f)
    cases = [("code-prompt-" + label, text) for label, text in code_prompts.items()]
    cases += [("code-label-" + label, label) for label in code_prompts]
    cases.append(("code-labels-joined", ", ".join(code_prompts)))
    # PTB-XL-style statements, written here: English SCP-ECG wording and German free-text reports with umlauts.
    statements = [
        "normal ECG", "non-specific ST changes", "incomplete right bundle branch block",
        "left atrial overload/enlargement", "premature complex(es)", "inferior myocardial infarction, age undetermined",
        "Wolff-Parkinson-White pattern", "low QRS voltages in the frontal and horizontal leads",
        "sinus rhythm. minor non-specific t wave flattening in v3,4.",
        "sinusrhythmus periphere niederspannung", "sinusrhythmus überdrehter linkstyp linksschenkelblock",
        "vorhofflimmern mit schneller überleitung, qrs-verbreiterung; st-senkung in ii, iii, avf",
        "AV-Block I°, T-Negativierung V1–V3, Überleitungsstörung",
    ]
    cases += [(f"ptbxl-style-{i}", text) for i, text in enumerate(statements)]
    cases += [
        ("accents-precomposed", "Électrocardiogramme: rythme sinusal, bloc de branche droit complet, naïve façade"),
        ("accents-combining", "E\u0301lectrocardiogramme: rythme sinusal, bloc de branche, nai\u0308ve fac\u0327ade"),
        ("accents-mixed-scripts", "Ärztin prüft EKG, señal ST, São Paulo, Øre, Łódź, İstanbul"),
        ("fullwidth-punctuation", "（ＱＴｃ：４５０ｍｓ）、ＳＴ↑　Ｖ１－Ｖ４！？"),
        ("fullwidth-ideographic-space", "ＳＩＮＵＳ\u3000ＲＨＹＴＨＭ\u3000\u3000ｈｒ　７２"),
        ("halfwidth-katakana", "ｼﾝﾃﾞﾝｽﾞ ｾｲｼﾞｮｳ"),
        ("emoji-zwj-skin-flag", "👨\u200d⚕️ reviewed 👍🏽 🇩🇪 ECG ❤️\u200d🔥 done"),
        ("emoji-only", "💓💓💓 🫀"),
        ("whitespace-runs", "sinus \t\t rhythm\n\n\n   with \u00a0\u00a0 block \u2002\u2003\u2009 end"),
        ("whitespace-only-mixed", " \t\n\u00a0\u3000 "),
        ("unknown-symbols", "QRS ≈ 120 ms → LBBB ⇒ ☃ ✓ ∆ ∑ ∫ ∞"),
        ("unknown-runs-between-words", "st~~~elevation{{{ }}}v2<<<>>>"),
        ("rare-cjk", "𠀀𠀁 sinus 𪚥 rhythm"),
        ("math-alphanumerics", "𝐒𝐓 𝑒𝑙𝑒𝑣𝑎𝑡𝑖𝑜𝑛 𝟏𝟐𝟎 ms"),
        ("superscripts-fractions", "V₁–V₆, 10⁻³ s, ½ mm, ¼ mV, m²"),
        ("roman-numerals", "Ⅰ Ⅱ Ⅲ aVR ⅰⅱⅲ leads"),
        ("private-use-and-noncharacters", "sinus\ue000rhythm\ufdd0 block\uffff"),
        ("surrogate-pair-symbols", "𝄞 music 🀄 tile 𓂀 eye"),
    ]
    long_prompts = " ".join(code_prompts.values())
    cases.append(("long-code-prompts", " ".join([long_prompts] * 6)))
    cases.append(("long-unicode", " ".join(["Überleitungsstörung ＥＣＧ ❤ µV ±5 ~ café"] * 120)))
    return cases


def texts_of_exact_length(sp, text, lengths):
    """Prefixes of text whose encoding has exactly each of lengths pieces (before </s>), to test the cut at 512."""
    found = {}
    for end in range(1, len(text) + 1):
        n = len(sp.encode(text[:end]))
        if n in lengths and n not in found:
            found[n] = text[:end]
        if n > max(lengths) + 20:  # a prefix's count can fall back a little as pieces merge, so look a bit further
            break
    missing = [n for n in lengths if n not in found]
    assert not missing, f"no prefix encodes to {missing} pieces"
    return [(f"exactly-{n}-pieces", found[n]) for n in lengths]


def fuzz_texts(rng, count=400):
    """Seeded random strings that mix known pieces with unknown characters, spaces, digits and punctuation."""
    words = ["sinus", "rhythm", "block", "qrs", "st", "v1", "av", "ms", "bpm", "wave", "the", "left", "right",
             "Atrial", "ECG", "QTc", "rSR'", "aVL", "12", "0.5", "2:1", "-", ",", ".", "(", ")"]
    unknown = ["~", "{", "}", "<", ">", "°", "±", "µ", "\"", "`", "_", "@", "#", "$", "&", "*", "^", "|", "\\",
               "Ж", "ж", "心", "電", "β", "Δ", "é", "ß", "ø", "\u0301", "❤", "💓", "🫀", "٧", "Ｑ", "ﬁ", "™", "½",
               "\x00", "\x07", "\x1b", "\ufeff", "\u200b", "\ufe0f", "\u00ad", "\u3000", "Σ", "İ",
               "III", "iii", "-----", "......", "0000", "mmmm", "<ecg>", "[LEAD]"]
    spaces = [" ", " ", " ", "  ", "   ", "\t", "\n", "\u00a0", ""]
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 12)):
            r = rng.random()
            if r < 0.45:
                parts.append(rng.choice(words))
            elif r < 0.8:
                parts.append("".join(rng.choice(unknown) for _ in range(rng.randint(1, 3))))
            else:
                parts.append(str(rng.randint(0, 999)))
            parts.append(rng.choice(spaces))
        texts.append("".join(parts))
    return texts


def train(corpus_path, prefix, **kwargs):
    args = dict(
        input=corpus_path,
        model_prefix=prefix,
        vocab_size=600,
        model_type="unigram",
        pad_id=0, eos_id=1, unk_id=2, bos_id=-1,
        byte_fallback=False,
        character_coverage=1.0,
        normalization_rule_name="nmt_nfkc",
        num_threads=1,
        seed_sentencepiece_size=100000,
        shuffle_input_sentence=False,
        minloglevel=2,
    )
    args.update(kwargs)
    spm.SentencePieceTrainer.train(**args)
    return prefix + ".model"


def expected_for(model_path, prompts=PROMPTS):
    sp = spm.SentencePieceProcessor(model_file=model_path)
    cases = []
    for name, text in prompts:
        ids = sp.encode(text)
        lower = sp.encode(text.lower())
        cases.append({
            "name": name,
            "text": text,
            "lowercase_text": text.lower(),
            "ids": ids + [EOS_ID],
            "pieces": sp.encode(text, out_type=str),
            "lowercase_ids": lower + [EOS_ID],
            "truncated_ids": ids[: MAX_TOKENS - 1] + [EOS_ID],
            "lowercase_truncated_ids": lower[: MAX_TOKENS - 1] + [EOS_ID],
        })
    return cases


def check_patch_keeps_ids(model_path, prompts=PROMPTS):
    """The C# side appends a CONTROL piece <s> and points bos_id at it; check that sentencepiece agrees the ids stay."""
    proto = sp_pb2.ModelProto()
    with open(model_path, "rb") as f:
        proto.ParseFromString(f.read())
    if proto.trainer_spec.bos_id >= 0:
        return
    piece = proto.pieces.add()
    piece.piece = "<s>"
    piece.score = 0.0
    piece.type = sp_pb2.ModelProto.SentencePiece.CONTROL
    proto.trainer_spec.bos_id = len(proto.pieces) - 1
    patched = spm.SentencePieceProcessor(model_proto=proto.SerializeToString())
    original = spm.SentencePieceProcessor(model_file=model_path)
    for _, text in prompts:
        assert patched.encode(text) == original.encode(text), text
        assert patched.encode(text.lower()) == original.encode(text.lower()), text


def write_json(path, value):
    """Indented JSON whose number lists stay on one line each, so the fixture is small and diffs are readable."""
    text = json.dumps(value, ensure_ascii=False, indent=1)
    text = re.sub(r"\[\s*(-?\d+(?:,\s*-?\d+)*)\s*\]", lambda m: "[" + re.sub(r"\s+", "", m.group(1)).replace(",", ", ") + "]", text)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--t5", default=SHARED_T5, help="a T5 spiece.model to write expected-t5.json for (default: %(default)s)")
    args = parser.parse_args()
    rng = random.Random(20250713)
    with open(os.path.join(HERE, "ecg_corpus.txt"), encoding="utf-8") as f:
        lines = [line.strip() for line in f if line.strip()]
    lines += template_sentences(rng)
    os.makedirs(OUT, exist_ok=True)

    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        # Relative names: the trainer records its input and prefix in the model, so a temp path would change the bytes.
        os.chdir(tmp)
        try:
            with open("corpus.txt", "w", encoding="utf-8") as f:
                f.write("\n".join(lines) + "\n")
            models = {
                "clinical-unigram.model": train("corpus.txt", "uni"),
                "clinical-unigram-bos.model": train("corpus.txt", "bos", bos_id=3),
                "clinical-bpe.model": train("corpus.txt", "bpe", model_type="bpe", vocab_size=300),
                # No charsmap (so it is small), whitespace kept, user-defined pieces: the normalizer's other paths.
                "clinical-identity-userdef.model": train(
                    "corpus.txt", "ident", normalization_rule_name="identity", remove_extra_whitespaces=False,
                    user_defined_symbols=["<ecg>", "[LEAD]", "ms"]),
            }
            for name, path in models.items():
                with open(path, "rb") as src, open(os.path.join(OUT, name), "wb") as dst:
                    dst.write(src.read())
        finally:
            os.chdir(cwd)

    unigram = os.path.join(OUT, "clinical-unigram.model")
    check_patch_keeps_ids(unigram)
    sp = spm.SentencePieceProcessor(model_file=unigram)
    texts = fuzz_texts(random.Random(7))
    fuzz = [{"text": t, "lowercase_text": t.lower(), "ids": sp.encode(t) + [EOS_ID]} for t in texts]
    identity = spm.SentencePieceProcessor(model_file=os.path.join(OUT, "clinical-identity-userdef.model"))
    identity_fuzz = [{"text": t, "ids": identity.encode(t) + [EOS_ID]} for t in texts[:150] + [p for _, p in PROMPTS]]
    write_json(os.path.join(OUT, "expected.json"), {
        "generator": "tests/reference/make_tokenizer_fixtures.py, sentencepiece " + spm.__version__,
        "max_tokens": MAX_TOKENS,
        "corpus_lines": len(lines),
        "vocab_size": sp.get_piece_size(),
        "pad_id": sp.pad_id(), "eos_id": sp.eos_id(), "unk_id": sp.unk_id(), "bos_id": sp.bos_id(),
        "models": {
            "clinical-unigram.model": expected_for(unigram),
            "clinical-unigram-bos.model": expected_for(os.path.join(OUT, "clinical-unigram-bos.model")),
        },
        "fuzz_model": "clinical-unigram.model",
        "fuzz": fuzz,
        "identity_model": "clinical-identity-userdef.model",
        "identity_fuzz": identity_fuzz,
    })

    if os.path.exists(args.t5):
        t5 = spm.SentencePieceProcessor(model_file=args.t5)
        prompts = PROMPTS + t5_prompts()
        prompts += texts_of_exact_length(t5, LONG, [510, 511, 512, 513])
        check_patch_keeps_ids(args.t5, prompts)
        with open(args.t5, "rb") as f:
            model_bytes = f.read()
        write_json(os.path.join(OUT, "expected-t5.json"), {
            "generator": "tests/reference/make_tokenizer_fixtures.py, sentencepiece " + spm.__version__,
            "model_sha256": hashlib.sha256(model_bytes).hexdigest(),
            "model_bytes": len(model_bytes),
            "max_tokens": MAX_TOKENS,
            "vocab_size": t5.get_piece_size(),
            "cases": expected_for(args.t5, prompts),
            "fuzz": [{"text": t, "ids": t5.encode(t) + [EOS_ID]} for t in texts],
        })
        pieces = sum(len(t5.encode(t)) + 1 for _, t in prompts) + sum(len(t5.encode(t)) + 1 for t in texts)
        print(f"expected-t5.json written for {args.t5}: {len(prompts)} cases, {len(texts)} fuzz strings, "
              f"{pieces} ids as is", file=sys.stderr)
    print(f"corpus {len(lines)} lines, vocab {sp.get_piece_size()}, {len(PROMPTS)} prompts", file=sys.stderr)


if __name__ == "__main__":
    main()
