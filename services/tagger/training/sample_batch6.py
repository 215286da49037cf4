"""Draws round 6 of the dev set (issue 10): unused real items likely to carry the thin tags, for hand labelling.

Thin tags after tag-model-4 (cross-validated F1 below target): product_launch, m_and_a, guidance, regulatory,
funding_round; also legal and management_change (fewest positives). Items are drawn (seed 6) among unused rows whose
headline (FNSPID: the URL slug) or sentence (PhraseBank) has a keyword of one of those tags, with a narrower keyword
list than round 5 (whose broad words such as "round", "deal", "cuts" drew many items of none of them). Keyword
selection only decides what is read; labels are assigned by reading, and drawn items may get none of the thin tags.
Usage: python sample_batch6.py pool   -> writes test/fixtures/tagger/pool-batch6.jsonl (items without labels)
       python sample_batch6.py show   -> prints the pool for reading
"""
import csv, json, random, re, sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
from sample_pool import REAL, DEV, REPO, slug_headline, cut  # noqa: E402

POOL = REPO / 'test/fixtures/tagger/pool-batch6.jsonl'
THIN = re.compile(r'launch|unveil|debut|introduc|new (?:app|device|product|service|model|version|line)|'
                  r'rais(e|es|ed|ing) (?:\$|eur|usd|capital|funds)|funding|\bipo\b|share issue|rights issue|'
                  r'bond issue|issues? (?:bonds|notes)|private placement|'
                  r'acqui|merger|\bmerge|buyout|takeover|tender offer|divest|spin ?off|sells? (?:its|the) |stake in|'
                  r'appoint|names? new|new (?:ceo|cfo|chief)|resign|step(s|ped)? down|successor|'
                  r'regulat|antitrust|\bfined?\b|\bban\b|probe|investigat|\bdoj\b|\bftc\b|tariff|approv|'
                  r'lawsuit|\bsues?\b|court|verdict|settle|patent|'
                  r'guidance|outlook|forecast|expects? (?:net sales|revenue|sales|operating|profit)|profit warning|'
                  r'sees (?:fy|q\d|full|net|revenue|sales|profit)', re.I)


def pool():
    dev = [json.loads(l) for l in DEV.read_text().splitlines() if l.strip()]
    used = {d['id'] for d in dev if d.get('added') != 'batch6'}
    texts = {d.get('text', '').strip() for d in dev if d.get('added') != 'batch6'}
    rng = random.Random(6)
    items = []
    ap = list(csv.DictReader(open(REAL / 'fnspid/aapl_news_articles_2023_2024.csv', encoding='utf-8')))
    cand = [(i, r) for i, r in enumerate(ap) if f'fnspid-aapl-{i:04d}' not in used
            and THIN.search(slug_headline(r['url']) + ' ' + r['text'][:300])]
    for i, r in rng.sample(cand, min(30, len(cand))):
        t = r['text'].strip()
        it = {'id': f'fnspid-aapl-{i:04d}', 'headline': slug_headline(r['url']), 'text': '' if t in ('', '0') else cut(t),
              'source': 'FNSPID aapl_news_articles_2023_2024.csv (headline from URL slug, text = first <= 600 chars of text cut at a sentence end; empty when the scraper stored none)',
              'license': 'CC BY-NC 4.0'}
        if r['date']:
            it['published_at'] = r['date']
        items.append(it)
    aa = list(csv.DictReader(open(REAL / 'fnspid/aa_news_2016_2024.csv', encoding='utf-8')))
    cand = [(i, r) for i, r in enumerate(aa) if f'fnspid-aa-{i:04d}' not in used
            and THIN.search(slug_headline(r['url']) + ' ' + r['summary'][:300])]
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
        if len([x for x in items if x['id'].startswith('phrasebank')]) == 75:
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
        print(f"### {it['id']} {it.get('published_at', '')[:10]}\nH: {it.get('headline', '')}\nT: {it['text']}")


if __name__ == '__main__':
    pool() if sys.argv[1] == 'pool' else show()
