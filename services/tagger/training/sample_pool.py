"""Draws the unlabelled pool of round 3 from ../shared/data/real (deterministic, seed 3) and prints it in batches.

Usage: python sample_pool.py pool   -> writes test/fixtures/tagger/pool-batch3.jsonl (items without labels)
       python sample_pool.py show N -> prints batch N (50 items) for reading and labelling
Items already in devset.jsonl are skipped. Texts are cut to <= 600 characters at a sentence end (what is stored is
what was read and labelled).
"""
import csv, json, random, re, sys, urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
REAL = REPO.parent.parent / 'shared' / 'data' / 'real'
if not REAL.exists():
    REAL = Path('/work/shared/data/real')
DEV = REPO / 'test/fixtures/tagger/devset.jsonl'
POOL = REPO / 'test/fixtures/tagger/pool-batch3.jsonl'
KEYWORDS = re.compile(r'launch|unveil|debut|acqui|merger|buy|deal|approv|regulat|ban|probe|antitrust|court|lawsuit|sue|'
                      r'settle|upgrade|downgrade|price-target|target|rating|dividend|buyback|repurchase|ceo|cfo|appoint|'
                      r'resign|guidance|outlook|forecast|raise|offering|ipo|funding|notes|ai|chatgpt|gemini|model|'
                      r'earnings|results|fda|tariff|patent', re.I)


def slug_headline(url):
    slug = [s for s in urllib.parse.urlparse(url).path.split('/') if s][-1]
    try:
        slug = urllib.parse.unquote(slug)
    except Exception:
        pass
    slug = re.sub(r'-\d{4}-\d{2}-\d{2}(-\d+)?$', '', slug)
    slug = re.sub(r'-\d$', '', slug)
    return re.sub(r'\s+', ' ', slug.replace('-', ' ').replace('_', ' ')).strip()


def cut(text, limit=600):
    text = re.sub(r'\s+', ' ', text).strip()
    if len(text) <= limit:
        return text
    head = text[:limit]
    ends = [m.end() for m in re.finditer(r'[.!?]["”)]?\s', head)]
    return head[: ends[-1]].strip() if ends and ends[-1] > 150 else head.rsplit(' ', 1)[0]


def pool():
    # items of earlier rounds are skipped (round 3's own items stay drawable, so the pool can be rebuilt)
    used = {d['id'] for d in map(json.loads, filter(str.strip, DEV.read_text().splitlines())) if d.get('added') != 'batch3'}
    rng = random.Random(3)
    items = []
    aa = list(csv.DictReader(open(REAL / 'fnspid/aa_news_2016_2024.csv', encoding='utf-8')))
    cand = [(i, r) for i, r in enumerate(aa) if f'fnspid-aa-{i:04d}' not in used]
    kw = [c for c in cand if KEYWORDS.search(slug_headline(c[1]['url']))]
    pick = rng.sample(cand, 420)
    pick_ids = {i for i, _ in pick}
    pick += rng.sample([c for c in kw if c[0] not in pick_ids], 160)
    for i, r in pick:
        items.append({'id': f'fnspid-aa-{i:04d}', 'headline': slug_headline(r['url']), 'text': cut(r['summary']),
                      'published_at': r['published_et'] if r['date_only'] != '1' else r['published_et'][:10],
                      'source': 'FNSPID aa_news_2016_2024.csv (headline from URL slug, text = summary cut at a sentence end)',
                      'license': 'CC BY-NC 4.0'})
    ap = list(csv.DictReader(open(REAL / 'fnspid/aapl_news_articles_2023_2024.csv', encoding='utf-8')))
    cand = [(i, r) for i, r in enumerate(ap) if f'fnspid-aapl-{i:04d}' not in used]
    kw = [c for c in cand if KEYWORDS.search(slug_headline(c[1]['url']))]
    pick = rng.sample(cand, 200)
    pick_ids = {i for i, _ in pick}
    pick += rng.sample([c for c in kw if c[0] not in pick_ids], 140)
    for i, r in pick:
        t = r['text'].strip()
        it = {'id': f'fnspid-aapl-{i:04d}', 'headline': slug_headline(r['url']), 'text': '' if t in ('', '0') else cut(t),
              'source': 'FNSPID aapl_news_articles_2023_2024.csv (headline from URL slug, text = first <= 600 chars of text cut at a sentence end; empty when the scraper stored none)',
              'license': 'CC BY-NC 4.0'}
        if r['date']:
            it['published_at'] = r['date']
        items.append(it)
    rng.shuffle(items)
    with open(POOL, 'w') as f:
        for it in items:
            f.write(json.dumps(it, ensure_ascii=False) + '\n')
    print(len(items), 'items ->', POOL)


def show(n, size=50):
    items = [json.loads(l) for l in POOL.read_text().splitlines()][n * size:(n + 1) * size]
    for k, it in enumerate(items):
        print(f"#{n * size + k} {it['id']} H: {it['headline']}")
        if it['text']:
            print('   T:', it['text'])


# Item builders shared by the later rounds' samplers (sample_batch6.py): one mapping per source file, as round 3 stored it.
AAPL_SOURCE = ('FNSPID aapl_news_articles_2023_2024.csv (headline from URL slug, text = first <= 600 chars of text cut at a '
               'sentence end; empty when the scraper stored none)')
AA_SOURCE = 'FNSPID aa_news_2016_2024.csv (headline from URL slug, text = summary cut at a sentence end)'


def aapl_item(i, r):
    t = r['text'].strip()
    it = {'id': f'fnspid-aapl-{i:04d}', 'headline': slug_headline(r['url']), 'text': '' if t in ('', '0') else cut(t),
          'source': AAPL_SOURCE, 'license': 'CC BY-NC 4.0'}
    if r['date']:
        it['published_at'] = r['date']
    return it


def aa_item(i, r):
    return {'id': f'fnspid-aa-{i:04d}', 'headline': slug_headline(r['url']), 'text': cut(r['summary']),
            'published_at': r['published_et'] if r['date_only'] != '1' else r['published_et'][:10],
            'source': AA_SOURCE, 'license': 'CC BY-NC 4.0'}


def phrasebank_sample(rng, used, texts, pattern, n):
    """n PhraseBank sentences matching pattern, unused and not already in the set under another id, one per text."""
    pb = []
    for name, tag in (('financial_phrasebank_allagree.csv', 'allagree'), ('financial_phrasebank_75agree.csv', '75agree')):
        for i, r in enumerate(csv.DictReader(open(REAL / 'phrasebank' / name, encoding='utf-8'))):
            s = r['sentence'].strip()
            if f'phrasebank-{tag}-{i:04d}' not in used and s not in texts and pattern.search(s):
                pb.append((f'phrasebank-{tag}-{i:04d}', s))
    out, seen = [], set()
    for pid, s in rng.sample(pb, len(pb)):
        if len(out) == n:
            break
        if s in seen:
            continue
        seen.add(s)
        out.append({'id': pid, 'text': s, 'source': f'Financial PhraseBank v1.0 {pid.split("-")[1]} row {int(pid.split("-")[2])}',
                    'license': 'CC BY-NC-SA 3.0'})
    return out


def write_pool(path, items):
    with open(path, 'w') as f:
        for it in items:
            f.write(json.dumps(it, ensure_ascii=False) + '\n')
    print(len(items), 'items ->', path)


def show_pool(path):
    for it in map(json.loads, path.read_text().splitlines()):
        print(f"### {it['id']} {it.get('published_at', '')[:10]}\nH: {it.get('headline', '')}\nT: {it['text']}")


if __name__ == '__main__':
    if sys.argv[1] == 'pool':
        pool()
    else:
        show(int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 50)
