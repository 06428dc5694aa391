#!/usr/bin/python3
"""The project's SNOMED CT code table for PhysioNet/CinC Challenge 2020/2021 labels, and reference labels for the
53 real Challenge records in ../shared/data/challenge2021.

Run with Debian's python:  /usr/bin/python3 tests/reference/make_challenge_code_table.py

Reads the Challenge's public mapping tables (../shared/data/snomed/dx_mapping_scored.csv and dx_mapping_unscored.csv:
SNOMED CT code, name, abbreviation) and writes two files:
  * src/DBeta.MLNet/Data/Datasets/Challenge/challenge2021-snomed-codes.csv, the data file the library embeds:
    code,abbreviation,name,scored,class. `class` is the scored class a code counts for: its own abbreviation, or for
    the four pairs the Challenge scores as one diagnosis (its scored table's Notes) the pair's common name:
    713427006/59118001 RBBB, 284470004/63593006 PAC, 427172004/17338001 PVC, 733534002/164909002 LBBB. Rows keep the
    scored table's order, then the unscored table's.
  * tests/fixtures/data/challenge2021/labels.json: for each shared record (sorted by file name) its id, the codes of
    its #Dx line, age, sex, source database (from the name's prefix) and its 0/1 row over the 26 scored classes, plus
    the codes outside the scored classes with their counts, computed here from the headers and the two tables alone.
"""
import csv
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "data")
TABLE_OUT = os.path.join(ROOT, "src", "DBeta.MLNet", "Data", "Datasets", "Challenge", "challenge2021-snomed-codes.csv")
LABELS_OUT = os.path.join(ROOT, "tests", "fixtures", "data", "challenge2021", "labels.json")

# The Challenge scores each pair as one diagnosis; the class takes the name its summaries use.
MERGED = {"713427006": "RBBB", "59118001": "RBBB", "284470004": "PAC", "63593006": "PAC",
          "427172004": "PVC", "17338001": "PVC", "733534002": "LBBB", "164909002": "LBBB"}
# Record-name prefixes of the Challenge 2021 databases.
SOURCES = [("HR", "PTB-XL"), ("JS", "Chapman-Shaoxing-Ningbo"), ("A", "CPSC2018"), ("Q", "CPSC-Extra"),
           ("I", "INCART"), ("S", "PTB"), ("E", "Georgia")]


def read_table(name):
    with open(os.path.join(SHARED, "snomed", name), newline="", encoding="utf-8") as f:
        return [(row["SNOMEDCTCode"].strip(), row["Abbreviation"].strip(), row["Dx"].strip()) for row in csv.DictReader(f)]


def main():
    scored = read_table("dx_mapping_scored.csv")
    unscored = read_table("dx_mapping_unscored.csv")
    seen = set()
    rows = []
    for codes, is_scored in ((scored, 1), (unscored, 0)):
        for code, abbreviation, name in codes:
            assert code.isdigit() and code not in seen, code
            seen.add(code)
            rows.append((code, abbreviation, name, is_scored, MERGED.get(code, abbreviation) if is_scored else ""))
    os.makedirs(os.path.dirname(TABLE_OUT), exist_ok=True)
    with open(TABLE_OUT, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["code", "abbreviation", "name", "scored", "class"])
        writer.writerows(rows)

    classes = []
    for code, _, _, is_scored, cls in rows:
        if is_scored and cls not in classes:
            classes.append(cls)
    class_of = {code: cls for code, _, _, is_scored, cls in rows if is_scored}
    assert len(classes) == 26, len(classes)

    records = []
    outside = {}
    folder = os.path.join(SHARED, "challenge2021")
    for name in sorted(n for n in os.listdir(folder) if n.endswith(".hea")):
        comments = {}
        with open(os.path.join(folder, name), encoding="ascii") as f:
            for line in f:
                if line.startswith("#") and ":" in line:
                    key, value = line[1:].split(":", 1)
                    comments[key.strip()] = value.strip()
        codes = [c.strip() for c in comments["Dx"].split(",") if c.strip()]
        record_id = name[:-4]
        source = next(label for prefix, label in SOURCES if record_id.startswith(prefix))
        age = comments.get("Age", "NaN")
        row = [1 if any(class_of.get(c) == cls for c in codes) else 0 for cls in classes]
        for c in codes:
            if c not in class_of:
                outside[c] = outside.get(c, 0) + 1
        records.append({"id": record_id, "codes": codes, "age": None if age in ("NaN", "Unknown", "") else float(age),
                        "sex": comments.get("Sex", ""), "source": source, "labels": row})
    with open(LABELS_OUT, "w", encoding="utf-8") as f:
        json.dump({"classes": classes, "records": records, "outside": dict(sorted(outside.items()))}, f, indent=1)
        f.write("\n")
    print(f"{len(rows)} codes ({len(scored)} scored, {len(classes)} classes); {len(records)} records, "
          f"{sum(map(sum, (r['labels'] for r in records)))} positive labels, {len(outside)} codes outside the classes")


if __name__ == "__main__":
    main()
