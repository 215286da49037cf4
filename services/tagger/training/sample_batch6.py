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
from sample_pool import REAL, DEV, REPO, slug_headline, aa_item, aapl_item, phrasebank_sample, write_pool, show_pool  # noqa: E402

POOL = REPO / 'test/fixtures/tagger/pool-batch6.jsonl'
# One alternation per tag family, so each reads on its own line.
THIN = re.compile('|'.join([
    r'launch|unveil|debut|introduc|new (?:app|device|product|service|model|version|line)',
    r'rais(e|es|ed|ing) (?:\$|eur|usd|capital|funds)|funding|\bipo\b|share issue|rights issue|bond issue|'
    r'issues? (?:bonds|notes)|private placement',
    r'acqui|merger|\bmerge|buyout|takeover|tender offer|divest|spin ?off|sells? (?:its|the) |stake in',
    r'appoint|names? new|new (?:ceo|cfo|chief)|resign|step(s|ped)? down|successor',
    r'regulat|antitrust|\bfined?\b|\bban\b|probe|investigat|\bdoj\b|\bftc\b|tariff|approv',
    r'lawsuit|\bsues?\b|court|verdict|settle|patent',
    r'guidance|outlook|forecast|expects? (?:net sales|revenue|sales|operating|profit)|profit warning|'
    r'sees (?:fy|q\d|full|net|revenue|sales|profit)',
]), re.I)


def pool():
    dev = [json.loads(l) for l in DEV.read_text().splitlines() if l.strip()]
    used = {d['id'] for d in dev if d.get('added') != 'batch6'}
    texts = {d.get('text', '').strip() for d in dev if d.get('added') != 'batch6'}
    rng = random.Random(6)
    ap = list(csv.DictReader(open(REAL / 'fnspid/aapl_news_articles_2023_2024.csv', encoding='utf-8')))
    cand = [(i, r) for i, r in enumerate(ap) if f'fnspid-aapl-{i:04d}' not in used
            and THIN.search(slug_headline(r['url']) + ' ' + r['text'][:300])]
    items = [aapl_item(i, r) for i, r in rng.sample(cand, min(30, len(cand)))]
    aa = list(csv.DictReader(open(REAL / 'fnspid/aa_news_2016_2024.csv', encoding='utf-8')))
    cand = [(i, r) for i, r in enumerate(aa) if f'fnspid-aa-{i:04d}' not in used
            and THIN.search(slug_headline(r['url']) + ' ' + r['summary'][:300])]
    items += [aa_item(i, r) for i, r in rng.sample(cand, min(45, len(cand)))]
    items += phrasebank_sample(rng, used, texts, THIN, 75)
    rng.shuffle(items)
    write_pool(POOL, items)


if __name__ == '__main__':
    pool() if sys.argv[1] == 'pool' else show_pool(POOL)
