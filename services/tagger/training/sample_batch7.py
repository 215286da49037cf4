"""Round 7's FNSPID pool: random unused AA and AAPL rows (seed 7), no keyword selection, so the round follows the
distribution of the Nasdaq.com feed rather than the thin tags. Rows whose headline is already in the dev set
(syndicated copies) are skipped.

Usage: python sample_batch7.py OUT.jsonl [N_AA N_AAPL]

Round 7 labelled every such row: part A is `OUT 130 90` (the first 130 AA and 90 AAPL rows of the seeded
permutation); part B is `OUT 100000 100000` minus part A (the AA rows split in two halves for two annotators).
"""
import csv, json, random, sys
from sample_pool import DEV, REAL, aa_item, aapl_item, write_pool

used = [json.loads(l) for l in DEV.read_text().splitlines() if l.strip()]
used_ids = {d['id'] for d in used}
seen_heads = {d.get('headline', '') for d in used}
n_aa, n_aapl = (int(sys.argv[2]), int(sys.argv[3])) if len(sys.argv) > 3 else (130, 90)
rng = random.Random(7)
out = []
for name, make, n in (('fnspid/aa_news_2016_2024.csv', aa_item, n_aa), ('fnspid/aapl_news_articles_2023_2024.csv', aapl_item, n_aapl)):
    rows = list(csv.DictReader(open(REAL / name, encoding='utf-8')))
    cand = [make(i, r) for i, r in enumerate(rows)]
    cand = [c for c in cand if c['id'] not in used_ids and c['headline'] not in seen_heads]
    picked = []
    for c in rng.sample(cand, len(cand)):
        if len(picked) == n:
            break
        if c['headline'] in seen_heads:
            continue
        seen_heads.add(c['headline'])
        picked.append(c)
    out += picked
rng.shuffle(out)
write_pool(sys.argv[1], out)
