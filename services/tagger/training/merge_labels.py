"""Merges hand labels (test/fixtures/tagger/labels/<pool>-NN.txt: `<item id> <tags|-> <about tickers|->`) into devset.jsonl.

Tag codes: ea earnings, gu guidance, ai ai_model_launch, pl product_launch, fr funding_round, ma m_and_a,
re regulatory, le legal, ar analyst_rating, cr capital_return, mc management_change, mm macro_market.
Usage: python merge_labels.py <pool.jsonl> <label-prefix> <batch-name>   (idempotent: replaces items of that batch)
"""
import hashlib, json, sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
DEV = REPO / 'test/fixtures/tagger/devset.jsonl'
CODES = {'ea': 'earnings', 'gu': 'guidance', 'ai': 'ai_model_launch', 'pl': 'product_launch', 'fr': 'funding_round',
         'ma': 'm_and_a', 're': 'regulatory', 'le': 'legal', 'ar': 'analyst_rating', 'cr': 'capital_return',
         'mc': 'management_change', 'mm': 'macro_market'}
ORDER = list(CODES.values())


def split_of(item_id):
    """The item's half of the dev set, fixed by its id (every round uses this)."""
    return 'tune' if hashlib.md5(item_id.encode()).digest()[0] % 2 == 0 else 'holdout'


def write_devset(kept, out, batch, target=DEV):
    """Writes the kept lines byte for byte, then the batch's items."""
    with open(target, 'w') as f:
        for l in kept:
            f.write(l + '\n')
        for d in out:
            f.write(json.dumps(d, ensure_ascii=False) + '\n')
    print(f'{len(out)} items of {batch} merged; {target.name} has {len(kept) + len(out)}')


def main(pool_path, prefix, batch):
    pool = [json.loads(l) for l in Path(pool_path).read_text().splitlines() if l.strip()]
    labels = {}
    for f in sorted((REPO / 'test/fixtures/tagger/labels').glob(prefix + '-*.txt')):
        for line in f.read_text().splitlines():
            if not line.strip():
                continue
            idx, tags, about = line.split()
            if idx in labels:
                sys.exit(f'{f.name}: index {idx} labelled twice')
            tl = [] if tags == '-' else [CODES[t] for t in tags.split(',')]
            labels[idx] = (sorted(set(tl), key=ORDER.index), [] if about == '-' else about.split(','))
    missing = [it['id'] for it in pool if it['id'] not in labels]
    if missing:
        sys.exit(f'unlabelled pool items: {missing[:20]}')
    # existing lines are kept byte for byte
    kept = [l for l in DEV.read_text().splitlines() if l.strip() and json.loads(l).get('added') != batch]
    have = {json.loads(l)['id'] for l in kept}
    out = []
    for it in pool:
        if it['id'] in have:
            sys.exit(f'{it["id"]} already in devset')
        tags, about = labels[it['id']]
        d = {k: it[k] for k in ('id', 'headline', 'text', 'published_at') if k in it}
        d.update({'labels': tags, 'about': about,
                  'split': split_of(it['id']),
                  'source': it['source'], 'license': it['license'], 'added': batch})
        out.append(d)
    write_devset(kept, out, batch)


if __name__ == '__main__':
    main(*sys.argv[1:])
