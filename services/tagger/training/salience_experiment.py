"""The first experiment behind the salience veto (training/train_salience.py trains the shipped model).

Each (item, issuer the rules scored) pair gets features (the rules' relevance and decision, lead position and order,
mention count and kind, the three words before and after its first lead mention, the lead's words, the other issuers'
relevance) and the gold `about` label; a logistic regression is cross-validated by item (5 folds). "lr" lets the model
decide alone (it can promote), "veto" keeps a rule subject only when the model agrees.

Measured on 2026-12-04 (4 284 items, text only, full master), holdout half: rules P 0.893 R 0.901; "lr" at 0.5
P 0.925 R 0.881, "veto" 0.926 / 0.880. The two were within 0.002 of each other, so the veto shipped: it keeps every
side role the rules cap, and a subject needs both. Its features were computed here in Python from the candidates'
dump; the shipped model's come from src/model/salience.ts through `--dump-salience`, so training and inference
cannot drift apart.

Usage: npm run eval:tagger -- --text-only --master --rules-relevance --dump-candidates cands.jsonl
       python salience_experiment.py cands.jsonl [C]
"""
import json, re, sys, hashlib, numpy as np
from collections import defaultdict
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
rows = {}
for l in open(sys.argv[1]):
    r = json.loads(l); rows[r['id']] = r
items = list(rows.values())
TOK = re.compile(r"[a-z0-9]+|[$%&]")
def toks(s): return TOK.findall(s.lower())
def feats(it, rel):
    iid = rel['issuerId']; lead = it['lead']; L = len(lead)
    ms = [m for m in it['mentions'] if m[0] == iid]
    lead_ms = [m for m in ms if m[2] <= L]
    lead_ids = []
    for m in sorted(it['mentions'], key=lambda m: m[1]):
        if m[2] <= L and m[0] not in lead_ids: lead_ids.append(m[0])
    f = {'bias': 1.0, 'rel': rel['relevance'] / 100, 'rule_about': float(rel['about']),
         f'relb={rel["relevance"]//10}': 1, 'roundup': float(it['roundUp'])}
    f[f'nlead={min(len(lead_ids),4)}'] = 1
    f[f'inlead={bool(lead_ms)}'] = 1
    f[f'nment={min(len(ms),4)}'] = 1
    if lead_ms:
        first = min(lead_ms, key=lambda m: m[1])
        f[f'ord={min(lead_ids.index(iid),3)}'] = 1
        f[f'pos={min(first[1]//15,4)}'] = 1
        f[f'kind={first[3]}'] = 1
        before = toks(lead[max(0, first[1]-60):first[1]])[-3:]
        after = toks(lead[first[2]:first[2]+60])[:3]
        for i, w in enumerate(reversed(before)): f[f'b{i}:{w}'] = 1; f[f'bb:{w}'] = 1
        for i, w in enumerate(after): f[f'a{i}:{w}'] = 1; f[f'aa:{w}'] = 1
        if before: f[f'bbig:{before[-1]}_{after[0] if after else ""}'] = 1
        if not before: f['lead_start'] = 1
        for w in set(toks(lead)): f[f'L:{w}'] = 0.3
        others = [r for r in it['rel'] if r['issuerId'] != iid]
        f['max_other_rel'] = max([r['relevance'] for r in others], default=0) / 100
        f['n_other_about'] = sum(r['about'] for r in others)
        f[f'rank={min(sorted([r["relevance"] for r in it["rel"]], reverse=True).index(rel["relevance"]),3)}'] = 1
    return f
X, y, grp, split, keys = [], [], [], [], []
ngold = defaultdict(int)
for it in items:
    ngold[it['split']] += len(it['gold'])
    for rel in it['rel']:
        X.append(feats(it, rel)); y.append(int(rel['issuerId'] in it['gold'])); grp.append(it['id']); split.append(it['split']); keys.append(rel['about'])
dv = DictVectorizer(); Xm = dv.fit_transform(X); y = np.array(y); split = np.array(split); rule = np.array(keys)
fold = np.array([hashlib.md5(g.encode()).digest()[0] % 5 for g in grp])
C = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
P = np.zeros(len(y))
for k in range(5):
    m = LogisticRegression(C=C, max_iter=2000); m.fit(Xm[fold != k], y[fold != k]); P[fold == k] = m.predict_proba(Xm[fold == k])[:, 1]
def score(pred, mask, s):
    tp = int((pred & (y == 1) & mask).sum()); fp = int((pred & (y == 0) & mask).sum())
    return tp / (tp + fp), tp / ngold[s], tp, fp
for s in ['tune', 'holdout']:
    mask = split == s
    print(s, 'rule P %.3f R %.3f tp %d fp %d' % score(rule.astype(bool), mask, s))
    for th in (0.4, 0.5, 0.6, 0.7):
        print(s, 'lr th', th, 'P %.3f R %.3f tp %d fp %d' % score(P >= th, mask, s))
        print(s, 'veto th', th, 'P %.3f R %.3f tp %d fp %d' % score((P >= th) & rule.astype(bool), mask, s))
