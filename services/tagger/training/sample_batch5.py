"""Draws round 5 of the dev set (issue 10): unused real items likely to carry the thin tags, for hand labelling.

Thin tags (fewest positives, lowest cross-validated F1): guidance, product_launch, funding_round, m_and_a,
management_change, regulatory. Items are drawn (seed 5) among unused rows whose headline (FNSPID: the URL slug) or
sentence (PhraseBank) has a keyword of one of those tags; 45 FNSPID AAPL, 45 FNSPID AA, 60 PhraseBank (both files,
skipping sentences already in the dev set under another id). Keyword selection only decides what is read; the labels
are assigned by reading, and many drawn items get none of the thin tags.
Usage: python sample_batch5.py pool   -> writes test/fixtures/tagger/pool-batch5.jsonl (items without labels)
       python sample_batch5.py show   -> prints the pool for reading
"""
import csv, json, random, re, sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
from sample_pool import REAL, DEV, REPO, slug_headline, cut  # noqa: E402

POOL = REPO / 'test/fixtures/tagger/pool-batch5.jsonl'
THIN = re.compile(r'launch|unveil|debut|introduc|roll(s|ed)? out|releas|'
                  r'rais(e|es|ed|ing)\b|funding|round|\bipo\b|offering|\bnotes\b|\bbonds?\b|financ|loan|'
                  r'acqui|merger|\bmerge|buyout|takeover|\bdeal\b|divest|spin|stake|'
                  r'\bceo\b|\bcfo\b|chief|appoint|resign|step(s|ped)? down|\bhires?\b|depart|succe|chairman|'
                  r'regulat|antitrust|\bfined?\b|\bban\b|probe|investigat|\bdoj\b|\bftc\b|\bsec\b|tariff|approv|\blaw\b|'
                  r'commission|government|\beu\b|'
                  r'guidance|outlook|forecast|expects|\bsees\b|warn|\bcuts?\b|lowers|raises', re.I)


def pool():
    dev = [json.loads(l) for l in DEV.read_text().splitlines() if l.strip()]
    used = {d['id'] for d in dev if d.get('added') != 'batch5'}
    texts = {d.get('text', '').strip() for d in dev if d.get('added') != 'batch5'}
    rng = random.Random(5)
    items = []
    ap = list(csv.DictReader(open(REAL / 'fnspid/aapl_news_articles_2023_2024.csv', encoding='utf-8')))
    cand = [(i, r) for i, r in enumerate(ap) if f'fnspid-aapl-{i:04d}' not in used and THIN.search(slug_headline(r['url']))]
    for i, r in rng.sample(cand, min(45, len(cand))):
        t = r['text'].strip()
        it = {'id': f'fnspid-aapl-{i:04d}', 'headline': slug_headline(r['url']), 'text': '' if t in ('', '0') else cut(t),
              'source': 'FNSPID aapl_news_articles_2023_2024.csv (headline from URL slug, text = first <= 600 chars of text cut at a sentence end; empty when the scraper stored none)',
              'license': 'CC BY-NC 4.0'}
        if r['date']:
            it['published_at'] = r['date']
        items.append(it)
    aa = list(csv.DictReader(open(REAL / 'fnspid/aa_news_2016_2024.csv', encoding='utf-8')))
    cand = [(i, r) for i, r in enumerate(aa) if f'fnspid-aa-{i:04d}' not in used and THIN.search(slug_headline(r['url']))]
    for i, r in rng.sample(cand, min(45, len(cand))):
        items.append({'id': f'fnspid-aa-{i:04d}', 'headline': slug_headline(r['url']), 'text': cut(r['summary']),
                      'published_at': r['published_et'] if r['date_only'] != '1' else r['published_et'][:10],
                      'source': 'FNSPID aa_news_2016_2024.csv (headline from URL slug, text = summary cut at a sentence end)',
                      'license': 'CC BY-NC 4.0'})
    pb = []
    for name, tag in (('financial_phrasebank_allagree.csv', 'allagree'), ('financial_phrasebank_75agree.csv', '75agree')):
        for i, r in enumerate(csv.DictReader(open(REAL / 'phrasebank' / name, encoding='utf-8'))):
            s = r['sentence'].strip()
            if f'phrasebank-{tag}-{i:04d}' not in used and s not in texts and THIN.search(s):
                pb.append((f'phrasebank-{tag}-{i:04d}', s))
    seen = set()
    for pid, s in rng.sample(pb, len(pb)):
        if len([x for x in items if x['id'].startswith('phrasebank')]) == 60:
            break
        if s in seen:
            continue
        seen.add(s)
        items.append({'id': pid, 'text': s, 'source': f'Financial PhraseBank v1.0 {pid.split("-")[1]} row {int(pid.split("-")[2])}',
                      'license': 'CC BY-NC-SA 3.0'})
    rng.shuffle(items)
    with open(POOL, 'w') as f:
        for it in items:
            f.write(json.dumps(it, ensure_ascii=False) + '\n')
    print(len(items), 'items ->', POOL)


def show():
    for it in map(json.loads, POOL.read_text().splitlines()):
        print(f"### {it['id']}\nH: {it.get('headline', '')}\nT: {it['text']}")


if __name__ == '__main__':
    pool() if sys.argv[1] == 'pool' else show()
