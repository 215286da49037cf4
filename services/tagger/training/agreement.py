"""Agreement between the dev-set labels and a second, blind labelling pass over a random sample.

The second pass (test/fixtures/tagger/labels/second-pass.txt, same format as the round files) was made by reading
each sampled item again without its stored labels. Items of rounds 1-2 were first labelled by an earlier session, so
on them this is agreement between two annotators; on rounds 3-4 it is one annotator's agreement with themself.
Usage: python agreement.py
"""
import json
from pathlib import Path
import sys
sys.path.insert(0, str(Path(__file__).parent))
from merge_labels import CODES, REPO  # noqa: E402

TYPES = list(CODES.values())


def kappa(a, b):
    n = len(a)
    po = sum(x == y for x, y in zip(a, b)) / n
    pa, pb = sum(a) / n, sum(b) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return (po - pe) / (1 - pe) if pe < 1 else 1.0


def main():
    dev = {d['id']: d for d in map(json.loads, filter(str.strip, (REPO / 'test/fixtures/tagger/devset.jsonl').read_text().splitlines()))}
    second = {}
    for line in (REPO / 'test/fixtures/tagger/labels/second-pass.txt').read_text().splitlines():
        i, t, a = line.split()
        second[i] = (set() if t == '-' else {CODES[c] for c in t.split(',')}, set() if a == '-' else set(a.split(',')))
    groups = {'all': list(second), 'rounds 1-2 (two annotators)': [i for i in second if dev[i].get('added') not in ('batch3', 'batch4')],
              'rounds 3-4 (same annotator)': [i for i in second if dev[i].get('added') in ('batch3', 'batch4')]}
    for name, ids in groups.items():
        print(f'== {name}: {len(ids)} items')
        tp = fp = fn = 0
        for t in TYPES:
            a = [t in dev[i]['labels'] for i in ids]
            b = [t in second[i][0] for i in ids]
            both = sum(x and y for x, y in zip(a, b)); first = sum(a); sec = sum(b)
            tp += both; fp += sec - both; fn += first - both
            if first + sec:
                print(f'{t:<18} first {first:3d} second {sec:3d} both {both:3d}  kappa {kappa(a, b):5.2f}')
        p = tp / (tp + fp) if tp + fp else 0; r = tp / (tp + fn) if tp + fn else 0
        print(f'micro agreement (F1 of second vs first) {2 * p * r / (p + r):.3f}; exact tag set {sum(set(dev[i]["labels"]) == second[i][0] for i in ids) / len(ids):.3f}')
        # about: compare only tickers both passes could have used (the first pass of rounds 1-2 only knew 51 issuers)
        atp = afp = afn = 0
        for i in ids:
            a, b = set(dev[i]['about']), second[i][1]
            atp += len(a & b); afp += len(b - a); afn += len(a - b)
        ap = atp / (atp + afp) if atp + afp else 0; ar = atp / (atp + afn) if atp + afn else 0
        print(f'about tickers: agreement F1 {2 * ap * ar / (ap + ar) if ap + ar else 0:.3f} (both {atp}, only second {afp}, only first {afn})')


if __name__ == '__main__':
    main()
