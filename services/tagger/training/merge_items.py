"""Merges labelled items written as JSON lines (round 7: web paraphrases and FNSPID rows labelled in place) into
devset.jsonl. Each line: {id, headline?, text, published_at?, labels, about, source, license}; `split` is derived
from the id as in every round (parity of md5's first byte), `added` is set to the batch name and `about_scope` to `all`
(the item's `about` lists every issuer it is about).

Usage: python merge_items.py [--into test/fixtures/tagger/testset.jsonl] <batch-name> <items.jsonl>...
(idempotent: replaces the items of that batch). `--into` writes a sealed test set instead of the dev set: never trained
on, its ids unique across both files.
Checks: known tags, unique ids across the whole set, text or headline present, source and license present.
"""
import json, sys
from pathlib import Path
from merge_labels import DEV, ORDER, split_of, write_devset

FIELDS = ('id', 'headline', 'text', 'published_at', 'labels', 'about', 'split', 'source', 'license', 'added', 'about_scope')


def main(*args):
    target = DEV
    if args[0] == '--into':
        target, args = Path(args[1]).resolve(), args[2:]
    batch, *paths = args
    text = target.read_text() if target.exists() else ''
    kept = [l for l in text.splitlines() if l.strip() and json.loads(l).get('added') != batch]
    seen = {json.loads(l)['id'] for l in kept}
    if target != DEV:
        seen |= {json.loads(l)['id'] for l in DEV.read_text().splitlines() if l.strip()}
    out = []
    for path in paths:
        for n, line in enumerate(open(path, encoding='utf-8'), 1):
            if not line.strip():
                continue
            it = json.loads(line)
            where = f'{path}:{n} ({it.get("id")})'
            if it['id'] in seen:
                sys.exit(f'{where}: id already in the dev set')
            bad = [t for t in it['labels'] if t not in ORDER]
            if bad:
                sys.exit(f'{where}: unknown tags {bad}')
            if not (it.get('text') or it.get('headline')) or not it.get('source') or not it.get('license'):
                sys.exit(f'{where}: text/headline, source and license are required')
            seen.add(it['id'])
            it['labels'] = sorted(set(it['labels']), key=ORDER.index)
            it['split'] = split_of(it['id'])
            it['added'] = batch
            # Items labelled since round 7 list every issuer they are about (the evaluation scores every master issuer).
            it['about_scope'] = 'all'
            out.append({k: it[k] for k in FIELDS if k in it})
    write_devset(kept, out, batch, target)


if __name__ == '__main__':
    main(*sys.argv[1:])
