"""Applies the label corrections of the audit (test/fixtures/tagger/labels/corrections.txt) to devset.jsonl.

Each line: `<item id> <tag codes|-> # why` (codes as in merge_labels.py). Only the item's `labels` field is rewritten,
in place, so every other byte of the line (its `about` issuers included) stays as it was; running it again changes
nothing. The corrections were decided by reading the item against ANNOTATION.md, never from a model's output.
Usage: python apply_corrections.py [--check]   (--check: exit 1 if devset.jsonl does not carry every correction)
"""
import json, re, sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
from merge_labels import CODES, ORDER, REPO  # noqa: E402

DEV = REPO / 'test/fixtures/tagger/devset.jsonl'
CORR = REPO / 'test/fixtures/tagger/labels/corrections.txt'
LABELS = re.compile(r'"labels": \[[^\]]*\]')


def corrections():
    out = {}
    for n, line in enumerate(CORR.read_text().splitlines(), 1):
        body = line.split('#', 1)[0].strip()
        if not body:
            continue
        parts = body.split()
        if len(parts) != 2 or '#' not in line:
            sys.exit(f'corrections.txt:{n}: expected "<id> <codes|-> # why", got {line!r}')
        idx, codes = parts
        if idx in out:
            sys.exit(f'corrections.txt:{n}: {idx} corrected twice')
        tags = [] if codes == '-' else [CODES[c] for c in codes.split(',')]
        out[idx] = sorted(set(tags), key=ORDER.index)
    return out


def main(check=False):
    corr = corrections()
    lines = DEV.read_text().splitlines()
    seen, changed, out = set(), 0, []
    for line in lines:
        if line.strip():
            d = json.loads(line)
            if d['id'] in corr:
                seen.add(d['id'])
                if d['labels'] != corr[d['id']]:
                    changed += 1
                    if len(LABELS.findall(line)) != 1:
                        sys.exit(f'{d["id"]}: cannot find its labels field')
                    line = LABELS.sub(lambda _: '"labels": ' + json.dumps(corr[d['id']], ensure_ascii=False), line)
                    assert json.loads(line)['labels'] == corr[d['id']]
        out.append(line)
    missing = sorted(set(corr) - seen)
    if missing:
        sys.exit(f'corrections for items not in devset.jsonl: {missing}')
    if check:
        print(f'{len(corr)} corrections, {changed} not applied')
        sys.exit(1 if changed else 0)
    DEV.write_text('\n'.join(out) + '\n')
    print(f'{len(corr)} corrections, {changed} lines changed')


if __name__ == '__main__':
    main('--check' in sys.argv[1:])
