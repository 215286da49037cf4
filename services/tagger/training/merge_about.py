"""Merges issuer ("about") relabels into devset.jsonl: test/fixtures/tagger/labels/about-r5-*.txt, one
`<item id> <issuers|->` per line, issuers comma-separated as security-master issuer ids (what `resolveIssuer` reads)
or, for a company the master does not have, its name with `_` for spaces. Each relabelled item gets
`"about_scope": "all"`: its `about` lists every issuer it is about (the evaluation then scores every master issuer on
it, not only the 51 of rounds 1-2). Only the relabelled lines are rewritten; the others are kept byte for byte.
Usage: python merge_about.py   (idempotent)
"""
import json, sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
DEV = REPO / 'test/fixtures/tagger/devset.jsonl'


def main():
    labels = {}
    for f in sorted((REPO / 'test/fixtures/tagger/labels').glob('about-r5-*.txt')):
        for n, line in enumerate(f.read_text().splitlines(), 1):
            if not line.strip():
                continue
            parts = line.split()
            if len(parts) != 2:
                sys.exit(f'{f.name}:{n}: expected "<id> <issuers|->", got {line!r}')
            idx, about = parts
            if idx in labels:
                sys.exit(f'{f.name}:{n}: {idx} relabelled twice')
            labels[idx] = [] if about == '-' else [a.replace('_', ' ') for a in about.split(',')]
    out, seen = [], set()
    for line in DEV.read_text().splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        if d['id'] in labels:
            seen.add(d['id'])
            d['about'] = labels[d['id']]
            d['about_scope'] = 'all'
            line = json.dumps(d, ensure_ascii=False)
        out.append(line)
    missing = sorted(set(labels) - seen)
    if missing:
        sys.exit(f'relabelled ids not in the dev set: {missing[:10]}')
    DEV.write_text('\n'.join(out) + '\n')
    print(f'{len(seen)} items relabelled (about_scope all); devset has {len(out)}')


if __name__ == '__main__':
    main()
