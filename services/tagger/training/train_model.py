"""Trains the tagger's event-type model and reports cross-validated figures.

Input: the feature dump of the dev set written by services/tagger/scripts/dump-features.ts (the exact features the
TypeScript tagger computes, so training and inference cannot drift apart). Every item is there as given and, when it
has a headline, as text only ("headline. text"), both in the item's fold.

Items with a headline are also there as their body alone (no headline anywhere), for feeds that pass none.

Model: one-vs-rest L2 logistic regression (liblinear) over hashed word/bigram/char-4-gram features, the rule
engine's signals and the mean GloVe vectors of the lead's and of all the story's words (`e:h0`…, `e:w0`…, their own
columns after the buckets, written as `wordVectorWeights`); per type a Platt sigmoid fitted on out-of-fold scores; emitted at calibrated probability >= 0.5.

Evaluation: K-fold cross-validation by item (K=5, folds by a hash of the id). Inside each outer fold the Platt
sigmoid is fitted on inner 3-fold out-of-fold scores of the training part only, so the reported figures never see
the held-out fold. Reported on the text-only form (what the held-out set passes) and on the form as given.

Usage: python train_model.py FEATURES.jsonl [--write-model data/tag-model.json] [--report report.json]
"""
import argparse, hashlib, json, re, sys
from collections import defaultdict
import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

TYPES = ['earnings', 'guidance', 'ai_model_launch', 'product_launch', 'funding_round', 'm_and_a', 'regulatory',
         'legal', 'analyst_rating', 'capital_return', 'management_change', 'macro_market']
DIM = 1 << 18
RULE_FEATURE_SCALE = 3  # as in src/model/features.ts: the dump carries scaled rule values
K = 5


WORD_VECTOR_DIMS = 100
DENSE = re.compile(r'^e:([hw])(\d+)$')


def column_of(idx, name):
    """A hashed feature's column is its bucket; a mean-word-vector component (`e:h7`, `e:w7`) has its own column after
    the buckets (src/model/tag-model.ts reads their weights as `wordVectorWeights`, not from the buckets)."""
    m = DENSE.match(name)
    if m is None:
        return idx
    return DIM + (0 if m.group(1) == 'h' else WORD_VECTOR_DIMS) + int(m.group(2))


def load(path, keep=lambda name: True, scale=lambda name: 1.0):
    rows = [json.loads(l) for l in open(path)]
    ids = [r['id'] for r in rows]
    variant = np.array([r['variant'] for r in rows])
    y = np.array([[1 if t in r['labels'] else 0 for t in TYPES] for r in rows])
    ind, val, ptr = [], [], [0]
    names = [{} for _ in rows]
    for i, r in enumerate(rows):
        acc = {}
        for idx, v, name in r['feats']:
            if not keep(name):
                continue
            col = column_of(idx, name)
            acc[col] = acc.get(col, 0.0) + v * scale(name)  # hash collisions add, as at inference
            names[i][name] = v
        ind.extend(acc.keys()); val.extend(acc.values()); ptr.append(len(ind))
    X = csr_matrix((val, ind, ptr), shape=(len(rows), DIM + 2 * WORD_VECTOR_DIMS))
    return ids, variant, y, X, names


def fold_of(item_id, k=K, salt=''):
    return hashlib.md5((salt + item_id).encode()).digest()[1] % k


def fit_scores(Xtr, ytr, Xte, C, balanced):
    """Decision scores of Xte for each type, from models fitted on (Xtr, ytr)."""
    out = np.zeros((Xte.shape[0], len(TYPES)))
    models = []
    for t in range(len(TYPES)):
        if ytr[:, t].sum() == 0:
            out[:, t] = -10.0
            models.append(None)
            continue
        m = LogisticRegression(C=C, solver='liblinear', dual=True, class_weight='balanced' if balanced else None, max_iter=500)
        m.fit(Xtr, ytr[:, t])
        out[:, t] = m.decision_function(Xte)
        models.append(m)
    return out, models


def platt(scores, y):
    """[a, b] with p = sigmoid(a * score + b), fitted by 1-D logistic regression (Platt 1999)."""
    if y.sum() == 0 or y.sum() == len(y):
        return [1.0, 0.0]
    m = LogisticRegression(C=1e4, solver='lbfgs')
    m.fit(scores.reshape(-1, 1), y)
    return [float(m.coef_[0, 0]), float(m.intercept_[0])]


def sig(z):
    return 1 / (1 + np.exp(-z))


def oof_scores(X, y, ids, C, balanced, salt=''):
    """Out-of-fold decision scores: each item scored by the model trained on the other K-1 folds."""
    folds = np.array([fold_of(i, K, salt) for i in ids])
    S = np.zeros(y.shape)
    for k in range(K):
        s, _ = fit_scores(X[folds != k], y[folds != k], X[folds == k], C, balanced)
        S[folds == k] = s
    return S, folds


def oof_calibrated(X, y, ids, C, balanced, salt=''):
    """Out-of-fold calibrated probabilities. Fold k's Platt sigmoid is fitted on the out-of-fold scores of the items
    outside fold k only (their scores come from models that saw fold k's items, which leaks 2 parameters' worth at
    most; a nested inner cross-validation was 4x slower on this shared machine)."""
    S, folds = oof_scores(X, y, ids, C, balanced, salt)
    P = np.zeros(y.shape)
    for k in range(K):
        for t in range(len(TYPES)):
            a, b = platt(S[folds != k, t], y[folds != k, t])
            P[folds == k, t] = sig(a * S[folds == k, t] + b)
    return P, S


def prf(y, pred):
    tp = int((y & pred).sum()); fp = int((~y & pred).sum()); fn = int((y & ~pred).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), tp, fp, fn


def report(y, pred):
    y = y.astype(bool); pred = pred.astype(bool)
    per = {t: prf(y[:, i], pred[:, i]) + (int(y[:, i].sum()),) for i, t in enumerate(TYPES)}
    micro = prf(y.ravel(), pred.ravel())
    return per, micro


def reliability(y, P, edges=(0, .1, .3, .5, .7, .9, 1.0001)):
    out = {}
    for i, t in enumerate(TYPES):
        rows = []
        for lo, hi in zip(edges[:-1], edges[1:]):
            sel = (P[:, i] >= lo) & (P[:, i] < hi)
            n = int(sel.sum())
            rows.append([lo, min(hi, 1.0), n, float(P[sel, i].mean()) if n else None, float(y[sel, i].mean()) if n else None])
        out[t] = rows
    return out


THRESHOLD_GRID = np.round(np.arange(0.15, 0.71, 0.05), 2)


def best_threshold(y, p, grid=THRESHOLD_GRID):
    """The probability threshold with the highest F1 of one type (ties: the threshold closest to 0.5)."""
    best = (-1.0, 0.5)
    for th in sorted(grid, key=lambda t: abs(t - 0.5)):
        f = prf(y.astype(bool), p >= th)[2]
        if f > best[0] + 1e-9:
            best = (f, float(th))
    return best[1]


def best_global_threshold(y, P, grid=THRESHOLD_GRID):
    """One threshold for every type, with the highest micro-F1."""
    best = (-1.0, 0.5)
    for th in sorted(grid, key=lambda t: abs(t - 0.5)):
        f = prf(y.astype(bool).ravel(), (P >= th).ravel())[2]
        if f > best[0] + 1e-9:
            best = (f, float(th))
    return best[1]


def cv_thresholded(y, P, ids, per_type, salt=''):
    """Predictions where each fold's thresholds are chosen on the OTHER folds' out-of-fold probabilities (so the figure
    never sees the fold's labels), and the thresholds each fold chose."""
    folds = np.array([fold_of(i, K, salt) for i in ids])
    pred = np.zeros(y.shape, dtype=bool)
    chosen = []
    for k in range(K):
        tr, te = folds != k, folds == k
        if per_type:
            th = [best_threshold(y[tr, t], P[tr, t]) for t in range(len(TYPES))]
        else:
            th = [best_global_threshold(y[tr], P[tr])] * len(TYPES)
        chosen.append(th)
        pred[te] = P[te] >= np.array(th)
    return pred, chosen


def fmt(per, micro, title):
    lines = [f'== {title}', f'{"tag":<18} {"P":>5} {"R":>5} {"F1":>5} {"support":>7}']
    for t, (p, r, f, tp, fp, fn, sup) in per.items():
        lines.append(f'{t:<18} {p:5.2f} {r:5.2f} {f:5.2f} {sup:7d}')
    lines.append(f'{"micro":<18} {micro[0]:5.2f} {micro[1]:5.2f} {micro[2]:5.2f}')
    return '\n'.join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('features')
    ap.add_argument('--write-model')
    ap.add_argument('--report')
    ap.add_argument("--C", type=float, default=None)
    ap.add_argument("--Cs", default='0.3,1,3', help='C values compared by cross-validated micro-F1 (text only)')
    ap.add_argument("--thresholds", default='cv', help="cv (best of: fixed 0.5, one CV threshold, per-type CV thresholds), or one of those names")
    ap.add_argument("--prune", type=float, default=0.01, help="weights below this magnitude are not written")
    ap.add_argument('--compare', action='store_true', help='also cross-validate the alternatives')
    ap.add_argument('--version', default='tag-model-3')
    ap.add_argument('--class-weight', default='balanced', choices=['balanced', 'none'])
    ap.add_argument('--trained-on', default='', help='what the dump was made from (corpus file, items, sha256)')
    args = ap.parse_args()
    ids, variant, y, X, names = load(args.features)
    textonly = variant == 'textonly'
    bodyonly = variant == 'bodyonly'
    given_mask = np.array([True] * len(ids))
    # "as given": the given row of items with a headline, the only row of the others
    has_given = {i for i, v in zip(ids, variant) if v == 'given'}
    given_mask = np.array([(v == 'given') or (i not in has_given) for i, v in zip(ids, variant)])
    results = {}

    # Rules alone: the rule engine's own confidence per type at 0.5 (what the tagger did before the model).
    R = np.zeros(y.shape)
    for r, nm in enumerate(names):
        for i, t in enumerate(TYPES):
            R[r, i] = nm.get(f'rt:{t}', 0.0) / RULE_FEATURE_SCALE
    results['rules'] = {'textonly': report(y[textonly], R[textonly] >= 0.5), 'given': report(y[given_mask], R[given_mask] >= 0.5)}

    Cs = [args.C] if args.C else [float(c) for c in args.Cs.split(',')]
    best = None
    for C in Cs:
        for balanced in ([True, False] if args.compare else [args.class_weight == 'balanced']):
            P, S = oof_calibrated(X, y, ids, C, balanced)
            res = {'textonly': report(y[textonly], P[textonly] >= 0.5), 'given': report(y[given_mask], P[given_mask] >= 0.5)}
            key = f'lr C={C} balanced={balanced}'
            results[key] = res
            print(key, 'micro text-only %.3f given %.3f' % (res['textonly'][1][2], res['given'][1][2]), file=sys.stderr)
            if best is None or res['textonly'][1][2] > best[0]:
                best = (res['textonly'][1][2], C, balanced, P, S)
    _, C, balanced, P, S_best = best
    # Thresholds chosen by cross-validation: in each fold, on the other folds' out-of-fold probabilities (text-only and
    # given rows both; the fold's own items never choose their threshold).
    thr_results = {}
    for per_type in (False, True):
        pred, chosen = cv_thresholded(y, P, ids, per_type)
        key = 'thresholds per type (CV)' if per_type else 'one threshold (CV)'
        results[f'lr C={C} balanced={balanced}, {key}'] = {
            'textonly': report(y[textonly], pred[textonly]), 'given': report(y[given_mask], pred[given_mask]),
            'bodyonly': report(y[bodyonly], pred[bodyonly])}
        thr_results[key] = (results[f'lr C={C} balanced={balanced}, {key}']['textonly'][1][2], per_type, chosen)
        print(key, 'micro text-only %.3f' % thr_results[key][0], 'fold thresholds', chosen, file=sys.stderr)
    at_half = results[f'lr C={C} balanced={balanced}']['textonly'][1][2]
    options = [(at_half, 'fixed 0.5', None)] + [(v[0], k, v[1]) for k, v in thr_results.items()]
    options.sort(key=lambda o: -o[0])
    threshold_mode = options[0][1] if args.thresholds == 'cv' else args.thresholds
    if threshold_mode == 'one threshold (CV)':
        shipped_thresholds = [best_global_threshold(y, P)] * len(TYPES)
    elif threshold_mode == 'thresholds per type (CV)':
        shipped_thresholds = [best_threshold(y[:, t], P[:, t]) for t in range(len(TYPES))]
    else:
        shipped_thresholds = [0.5] * len(TYPES)
    results['thresholds'] = {'mode': threshold_mode, 'shipped': shipped_thresholds}
    print('thresholds:', threshold_mode, shipped_thresholds, file=sys.stderr)
    if args.compare:
        # the same model without the rule engine's signals, and without character n-grams
        for label, keep in (('lr without rule features (n-grams only)', lambda n: not n.startswith(('r:', 'rt:', 'rl:')) and n != 'ru'),
                            ('lr without char 4-grams', lambda n: not n.startswith('c:'))):
            _, _, _, X2, _ = load(args.features, keep)
            P2, _ = oof_calibrated(X2, y, ids, C, balanced)
            print(label, 'done', file=sys.stderr)
            results[label] = {'textonly': report(y[textonly], P2[textonly] >= 0.5), 'given': report(y[given_mask], P2[given_mask] >= 0.5)}
            print(label, 'micro text-only %.3f' % results[label]['textonly'][1][2], file=sys.stderr)
    results['chosen'] = {'C': C, 'balanced': balanced}
    results['reliability_textonly'] = reliability(y[textonly], P[textonly])
    for name, res in results.items():
        if isinstance(res, dict) and 'textonly' in res:
            print(fmt(*res['textonly'], f'{name} (text only, {int(textonly.sum())} rows)'))
            print(fmt(*res['given'], f'{name} (as given, {int(given_mask.sum())} rows)'))
            if 'bodyonly' in res:
                print(fmt(*res['bodyonly'], f'{name} (body only, no headline anywhere, {int(bodyonly.sum())} rows)'))
    if args.report:
        json.dump(results, open(args.report, 'w'), indent=1)
    if args.write_model:
        s, models = fit_scores(X, y, X[:1], C, balanced)
        oof = S_best  # Platt of the shipped model: fitted on the K-fold out-of-fold scores of the whole corpus
        weights, bias, pl, lead_wv, story_wv = {}, [], [], [], []
        for t, m in enumerate(models):
            coef = m.coef_[0]
            nz = np.nonzero(np.abs(coef[:DIM]) >= args.prune)[0]
            lead_wv.append([round(float(w), 4) for w in coef[DIM:DIM + WORD_VECTOR_DIMS]])
            story_wv.append([round(float(w), 4) for w in coef[DIM + WORD_VECTOR_DIMS:]])
            flat = []
            for j in nz:
                flat += [int(j), round(float(coef[j]), 3)]
            weights[TYPES[t]] = flat
            bias.append(round(float(m.intercept_[0]), 4))
            pl.append([round(v, 4) for v in platt(oof[:, t], y[:, t])])
        model = {'version': args.version, 'trainedOn': args.trained_on, 'featureBits': 18, 'types': TYPES, 'bias': bias,
                 'platt': pl, 'thresholds': [round(t, 2) for t in shipped_thresholds], 'C': C, 'classWeight': 'balanced' if balanced else None,
                 'weights': weights, 'wordVectorWeights': {'lead': lead_wv, 'story': story_wv}}
        json.dump(model, open(args.write_model, 'w'), separators=(',', ':'))
        print('model ->', args.write_model, sum(len(v) // 2 for v in weights.values()), 'weights', file=sys.stderr)


if __name__ == '__main__':
    main()
