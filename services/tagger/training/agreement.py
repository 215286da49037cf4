"""Agreement between the dev-set labels and a second, blind labelling pass over a random sample.

The second pass (test/fixtures/tagger/labels/second-pass.txt, same format as the round files) was made by reading
each sampled item again without its stored labels. Items of rounds 1-2 were first labelled by an earlier session, so
on them this is agreement between two annotators; on rounds 3-4 it is one annotator's agreement with themself.
The second pass of issue 10's audit (labels/second-pass-2.txt) re-labelled 170 items drawn at random (seed 20261203)
among the 943 items whose labels the auditor had not seen (not in the first second pass, not read during the audit's
error and consistency listings, not corrected), reading only the id, headline and text; it labels tags only (`?` in
the about column), so its about agreement is not computed.
Usage: python agreement.py [second-pass file under test/fixtures/tagger/labels/, default second-pass.txt]
"""
import json, re
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
    # Labels changed when this pass's disagreements were adjudicated are compared as they were before.
    for line in (REPO / 'test/fixtures/tagger/labels/corrections.txt').read_text().splitlines():
        m = re.search(r'^(\S+) \S+ # second-pass-2 adjudication, was (\S+):', line)
        if m:
            dev[m.group(1)]['labels'] = [] if m.group(2) == '-' else [CODES[c] for c in m.group(2).split(',')]
    second = {}
    name = sys.argv[1] if len(sys.argv) > 1 else 'second-pass.txt'
    for line in (REPO / 'test/fixtures/tagger/labels' / name).read_text().splitlines():
        i, t, a = line.split()
        second[i] = (set() if t == '-' else {CODES[c] for c in t.split(',')}, None if a == '?' else set() if a == '-' else set(a.split(',')))
    # The first pass over second-pass.txt was by the session that labelled rounds 3-4; second-pass-2.txt was made by a
    # later session, so on it both groups compare two annotators.
    r12, r34 = ('rounds 1-2 (two annotators)', 'rounds 3-4 (same annotator)') if name == 'second-pass.txt' else \
        ('rounds 1-2 (two annotators)', 'rounds 3-4 (two annotators)')
    groups = {'all': list(second), r12: [i for i in second if dev[i].get('added') not in ('batch3', 'batch4')],
              r34: [i for i in second if dev[i].get('added') in ('batch3', 'batch4')]}
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
        if any(second[i][1] is None for i in ids):
            continue
        atp = afp = afn = 0
        for i in ids:
            a, b = set(dev[i]['about']), second[i][1]
            atp += len(a & b); afp += len(b - a); afn += len(a - b)
        ap = atp / (atp + afp) if atp + afp else 0; ar = atp / (atp + afn) if atp + afn else 0
        print(f'about tickers: agreement F1 {2 * ap * ar / (ap + ar) if ap + ar else 0:.3f} (both {atp}, only second {afp}, only first {afn})')


if __name__ == '__main__':
    main()
