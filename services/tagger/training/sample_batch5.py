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
from sample_pool import REAL, DEV, REPO, slug_headline, aa_item, aapl_item, phrasebank_sample, write_pool  # noqa: E402

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
    ap = list(csv.DictReader(open(REAL / 'fnspid/aapl_news_articles_2023_2024.csv', encoding='utf-8')))
    cand = [(i, r) for i, r in enumerate(ap) if f'fnspid-aapl-{i:04d}' not in used and THIN.search(slug_headline(r['url']))]
    items = [aapl_item(i, r) for i, r in rng.sample(cand, min(45, len(cand)))]
    aa = list(csv.DictReader(open(REAL / 'fnspid/aa_news_2016_2024.csv', encoding='utf-8')))
    cand = [(i, r) for i, r in enumerate(aa) if f'fnspid-aa-{i:04d}' not in used and THIN.search(slug_headline(r['url']))]
    items += [aa_item(i, r) for i, r in rng.sample(cand, min(45, len(cand)))]
    items += phrasebank_sample(rng, used, texts, THIN, 60)
    rng.shuffle(items)
    write_pool(POOL, items)


def show():
    for it in map(json.loads, POOL.read_text().splitlines()):
        print(f"### {it['id']}\nH: {it.get('headline', '')}\nT: {it['text']}")


if __name__ == '__main__':
    pool() if sys.argv[1] == 'pool' else show()
