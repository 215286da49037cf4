"""Agreement of a second labelling (JSON lines {id, labels, about}) with the dev set's labels of the same items.

Usage: python agreement_items.py test/fixtures/tagger/labels/second-pass-7.jsonl
Prints micro agreement over tags (F1 with the dev set as reference), the share of identical tag sets, Cohen's kappa
per tag and the F1 of the `about` lists (issuer ids or names compared case-insensitively).
"""
import json, sys
from merge_labels import DEV, ORDER


def main(path):
    first = {d['id']: d for d in map(json.loads, filter(str.strip, DEV.read_text().splitlines()))}
    second = [json.loads(l) for l in open(path) if l.strip()]
    tp = fp = fn = exact = atp = afp = afn = 0
    cells = {t: [0, 0, 0, 0] for t in ORDER}
    for s in second:
        f = first[s['id']]
        a, b = set(f['labels']), set(s['labels'])
        tp += len(a & b); fp += len(b - a); fn += len(a - b); exact += a == b
        for t in ORDER:
            cells[t][((t in a) << 1) | (t in b)] += 1
        fa, sa = {x.lower() for x in f['about']}, {x.lower() for x in s['about']}
        atp += len(fa & sa); afp += len(sa - fa); afn += len(fa - sa)
    n = len(second)
    print(f'{n} items: micro agreement {2 * tp / (2 * tp + fp + fn):.3f}, identical tag sets {exact / n:.3f}, '
          f'about F1 {2 * atp / (2 * atp + afp + afn):.3f}')
    for t, (n00, n01, n10, n11) in cells.items():
        po = (n00 + n11) / n
        pe = ((n10 + n11) / n) * ((n01 + n11) / n) + ((n00 + n01) / n) * ((n00 + n10) / n)
        kappa = 1.0 if pe == 1 else (po - pe) / (1 - pe)
        print(f'  {t:18} first {n10 + n11:3d} second {n01 + n11:3d} both {n11:3d} kappa {kappa:.2f}')


if __name__ == '__main__':
    main(sys.argv[1])
