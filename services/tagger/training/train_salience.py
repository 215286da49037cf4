"""Trains the tagger's salience model (is a story about an issuer the rules scored?) and reports cross-validated figures.

Input: dumps written by `npm run eval:tagger -- --master --rules-relevance --dump-salience F` (add `--text-only` for the
held-out form): per dev-set item its gold subjects and, per issuer the rules scored from its mentions, the rules'
relevance and verdict and the salience features exactly as src/model/salience.ts computes them. Pass the text-only dump
first: figures are reported on it; every dump trains.

Model: L2 logistic regression (lbfgs) over the named features. At inference it only vetoes: an issuer's relevance is
the lower of the rules' and 100 × the model's probability, so a subject needs both at 0.5 or more.

Evaluation: 5-fold cross-validation by item (folds by a hash of the id, every variant of an item in its fold). Linking
precision and recall as the evaluation script counts them: recall over every gold subject of the item, including the
ones the rules never found.

Usage: python train_salience.py TEXTONLY.jsonl [GIVEN.jsonl] [--write-model data/salience-model.json] [--report R.json]
"""
import argparse, hashlib, json
import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

K = 5
THRESHOLDS = (0.4, 0.5, 0.6)


def fold_of(item_id):
    return hashlib.md5(item_id.encode()).digest()[0] % K


def load(paths):
    rows, items = [], []
    for variant, path in enumerate(paths):
        for line in open(path):
            it = json.loads(line)
            items.append((variant, it))
            for c in it['candidates']:
                rows.append((variant, it['id'], it['split'], c))
    return rows, items


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('dumps', nargs='+')
    ap.add_argument('--C', type=float, default=1.0)
    ap.add_argument('--write-model')
    ap.add_argument('--report')
    ap.add_argument('--version', default='salience-1')
    ap.add_argument('--trained-on', default='')
    ap.add_argument('--prune', type=float, default=0.001)
    args = ap.parse_args()
    rows, items = load(args.dumps)
    dv = DictVectorizer()
    X = dv.fit_transform([c['features'] for _, _, _, c in rows])
    y = np.array([int(c['label']) for _, _, _, c in rows])
    rule = np.array([bool(c['about']) for _, _, _, c in rows])
    variant = np.array([v for v, _, _, _ in rows])
    split = np.array([s for _, _, s, _ in rows])
    fold = np.array([fold_of(i) for _, i, _, _ in rows])
    P = np.zeros(len(y))
    for k in range(K):
        m = LogisticRegression(C=args.C, max_iter=5000)
        m.fit(X[fold != k], y[fold != k])
        P[fold == k] = m.predict_proba(X[fold == k])[:, 1]
    gold = {}
    for v, it in items:
        if v == 0:
            gold[it['split']] = gold.get(it['split'], 0) + len(it['gold'])
    gold['all'] = sum(gold.values())

    def score(pred, s):
        mask = (variant == 0) & ((split == s) if s != 'all' else True)
        tp = int((pred & (y == 1) & mask).sum())
        fp = int((pred & (y == 0) & mask).sum())
        p, r = tp / max(1, tp + fp), tp / max(1, gold[s])
        return {'P': round(p, 3), 'R': round(r, 3), 'F1': round(2 * p * r / max(1e-9, p + r), 3), 'tp': tp, 'fp': fp}

    report = {'C': args.C, 'rows': int(len(y)), 'items': len({i for _, i, _, _ in rows}), 'splits': {}}
    for s in ('tune', 'holdout', 'all'):
        report['splits'][s] = {'rules': score(rule, s)}
        for th in THRESHOLDS:
            report['splits'][s][f'veto {th}'] = score(rule & (P >= th), s)
        print(s, json.dumps(report['splits'][s]))
    if args.report:
        json.dump(report, open(args.report, 'w'), indent=1)
    if args.write_model:
        m = LogisticRegression(C=args.C, max_iter=5000)
        m.fit(X, y)
        names = dv.get_feature_names_out()
        weights = {str(n): round(float(w), 4) for n, w in zip(names, m.coef_[0]) if abs(w) >= args.prune}
        model = {'version': args.version, 'trainedOn': args.trained_on, 'C': args.C,
                 'bias': round(float(m.intercept_[0]), 4), 'weights': dict(sorted(weights.items()))}
        json.dump(model, open(args.write_model, 'w'), separators=(',', ':'))
        print('model ->', args.write_model, len(weights), 'weights')


if __name__ == '__main__':
    main()
