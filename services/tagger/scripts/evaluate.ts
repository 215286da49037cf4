// Scores the tagger on the hand-labelled dev set: precision, recall and F1 per tag, micro-F1, and subject linking.
// Usage: npm run eval:tagger [-- --errors] [-- --set <file.jsonl>] [-- --rules] [-- --text-only] [-- --master]
// The bundled model was trained on this dev set, so with the model these tag figures are IN-SAMPLE (training-set)
// figures, not an estimate of generalisation: the cross-validated figures come from training/train_model.py (README).
// The same holds for linking, whose relevance the salience model (trained on these items) can veto: --rules-relevance
// scores the rules' own linking; the cross-validated linking figures come from training/train_salience.py.
// --rules scores the weighted rules alone; --text-only passes "headline. text" without a headline, as the held-out
// evaluation does. Linking is scored against the `about` tickers that resolve to an issuer of the reference data.
// --errors lists the mistakes of the tune split only (the holdout is for measuring, not for reading); add
// --holdout-errors to list those too (only when auditing labels, never while writing rules).
// --dump-candidates F writes one line per item with its gold subjects, lead, mentions and the rules' relevance per
// issuer, for training/salience_experiment.py. --dump-salience F writes each item's gold subjects and the salience
// features of every issuer the rules scored (training/train_salience.py); --rules-relevance scores linking without the
// salience model.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  EVENT_TYPES,
  defaultReferenceData,
  listingsOf,
  resolveIssuer,
  splitSentences,
  storySalienceFeatures,
  tagStory,
} from '@newswindow/tagger';
import type { EventType, Issuer, ReferenceData } from '@newswindow/tagger';
import { masterReferenceData } from './master-data';

interface Item {
  id: string;
  headline?: string;
  text?: string;
  text_path?: string;
  published_at?: string;
  labels: EventType[];
  about: string[];
  split?: string;
  added?: string;
  /** `all`: `about` lists every issuer the item is about (relabelled by training/merge_about.py). */
  about_scope?: string;
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

const repoRoot = resolve(__dirname, '../../..');
const args = process.argv.slice(2);
const setArg = args.indexOf('--set');
const setPath =
  setArg >= 0 ? resolve(process.cwd(), args[setArg + 1]!) : resolve(repoRoot, 'test/fixtures/tagger/devset.jsonl');
const showErrors = args.includes('--errors');
const showHoldoutErrors = args.includes('--holdout-errors');
const rulesOnly = args.includes('--rules');
// --about-threshold N: the relevance from which an issuer is `about` (the tagger's default 50), for sweeps on the tune half.
const thresholdArg = args.indexOf('--about-threshold');
const aboutThreshold = thresholdArg >= 0 ? Number(args[thresholdArg + 1]) : undefined;
const textOnly = args.includes('--text-only');
// --master links with the full security master (as `newswindow tag` does by default), else the 51 bundled issuers.
const reference: ReferenceData = args.includes('--master') ? masterReferenceData() : defaultReferenceData;
const bundledIds = new Set(defaultReferenceData.issuers.map((i) => i.id));
// An item whose `about` lists every issuer it is about says so with `about_scope: all` (rounds 3, 5, 7 and 8, round 4's
// web items, the sealed test set and every relabelled item); the others (rounds 1–2, batch 6's FNSPID rows) list only
// the 51 issuers known then.
const coversAll = (item: Item): boolean => item.about_scope === 'all';
const goldCoversFor =
  (item: Item) =>
  (issuerId: string): boolean =>
    coversAll(item) || bundledIds.has(issuerId);

/**
 * A gold issuer on the item's day: the labels name companies by today's id, so a 2015 story on Alcoa Inc. is labelled
 * `alcoa`, whose AA listing starts on 2016-11-01; the issuer that held that symbol on the day (Alcoa Inc., today
 * `howmet-aerospace` in the master) is the one scored, as the tagger links it.
 */
function goldOnDay(idOrTicker: string, day: string | undefined): string | undefined {
  const issuer =
    resolveIssuer(reference, idOrTicker, day) ??
    byHomeSymbol.get(idOrTicker) ??
    byOwnName.get(idOrTicker.toLowerCase());
  if (issuer === undefined || day === undefined || listingsOf(issuer, day).length > 0) return issuer?.id;
  for (const l of issuer.listings) {
    const holder = resolveIssuer(reference, l.symbol, day);
    if (holder !== undefined && listingsOf(holder, day).some((h) => h.symbol === l.symbol)) return holder.id;
  }
  return issuer.id;
}

/**
 * Gold tickers that the master lists only under a foreign line of the same issuer (Western Digital's "WDC" is only
 * "WDC.F" in Frankfurt there): the gold names that issuer, so it is scored as it, when no issuer has the symbol itself.
 */
const byHomeSymbol = new Map(
  reference.issuers.flatMap((i) =>
    i.listings.flatMap((l) => {
      const root = /^([A-Z]+)\.[A-Z]+$/.exec(l.symbol)?.[1];
      return root === undefined || resolveIssuer(reference, root) !== undefined ? [] : [[root, i] as const];
    }),
  ),
);

/**
 * Gold companies written as names because the master lacked them when labelled ("SoftBank Group" before the master
 * had 9984.T): scored as the issuer whose name or alias it is, when exactly one has it, so a master that gains the
 * company does not turn its correct links into false ones.
 */
const byOwnName = ((): Map<string, Issuer> => {
  const holders = new Map<string, Set<Issuer>>();
  for (const i of reference.issuers) {
    // A dated name ("Arconic", Howmet's until 2020) is another company's outside its dates.
    const dated = new Set(
      (i.aliasValidity ?? []).filter((a) => a.validFrom !== null || a.validTo !== null).map((a) => a.name),
    );
    for (const n of [i.name, ...i.aliases]) {
      if (dated.has(n)) continue;
      const key = n.toLowerCase();
      holders.set(key, (holders.get(key) ?? new Set()).add(i));
    }
  }
  return new Map([...holders].flatMap(([n, h]) => (h.size === 1 ? [[n, [...h][0]!] as const] : [])));
})();

const items: Item[] = readFileSync(setPath, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Item);

const prf = (c: Counts): [number, number, number] => {
  const p = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
  const r = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
  return [p, r, p + r === 0 ? 0 : (2 * p * r) / (p + r)];
};
const f = (x: number): string => x.toFixed(2).padStart(5);

const aboutMiss0 = (g: Set<string>, p: Set<string>): boolean =>
  [...g].some((t) => !p.has(t)) || [...p].some((t) => !g.has(t));
// --dump-links FILE: gold and predicted subjects per item (all items), for checking the figures another way.
const dumpArg = args.indexOf('--dump-links');
const linkDump: string[] | undefined = dumpArg >= 0 ? [] : undefined;
const salienceArg = args.indexOf('--dump-salience');
const salienceDump = salienceArg >= 0 ? new Map<string, string>() : undefined;
const rulesRelevance = args.includes('--rules-relevance');
const candArg = args.indexOf('--dump-candidates');
const candDump = candArg >= 0 ? new Map<string, string>() : undefined;
const linkErrors: string[] | undefined = args.includes('--link-errors') ? [] : undefined;

// --link-kinds: false subjects counted by kind on each split (no item shown), so the holdout's errors can be sized
// without being read.
const showKinds = args.includes('--link-kinds');
function subjectKind(
  item: Item,
  text: string,
  result: ReturnType<typeof tagStory>,
  id: string,
  gold: ReadonlySet<string>,
): string {
  const source = item.id.startsWith('fnspid') ? 'fnspid' : item.id.split('-')[0]!;
  const lead = textOnly || item.headline === undefined ? splitSentences(text, 'text')[0] : undefined;
  const own = result.mentions.filter((m) => m.issuerId === id);
  const inLead = own.some((m) =>
    lead === undefined ? m.field === 'headline' : m.field === 'text' && m.end <= lead.end,
  );
  const others = result.relevance.filter((r) => r.issuerId !== id && r.mentions > 0).length;
  return [
    source,
    inLead ? 'in lead' : 'body only',
    gold.has(id) ? '' : gold.size === 0 ? 'gold: none' : 'gold: another issuer',
    others === 0 ? 'only issuer named' : 'other issuers named',
    result.roundUp ? 'round-up' : '',
  ]
    .filter((x) => x !== '')
    .join(', ');
}

function evaluate(subset: Item[], label: string, listErrors: boolean): void {
  const perTag = new Map<EventType, Counts>(EVENT_TYPES.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
  const about: Counts = { tp: 0, fp: 0, fn: 0 };
  let exact = 0;
  const kinds = { fnUnlinked: 0, fnMentioned: 0, fpAbout: 0 };
  let scopeAll = 0;
  const goldIssuers = new Set<string>();
  const errors: string[] = [];
  const falseKinds: string[] = [];
  const trueKinds: string[] = [];
  for (const item of subset) {
    const goldCovers = goldCoversFor(item);
    const stored = item.text ?? readFileSync(resolve(repoRoot, item.text_path!), 'utf8');
    const head = item.headline?.trim() ?? '';
    const text = textOnly && head !== '' ? (stored === '' ? head : `${head}. ${stored}`) : stored;
    const input = {
      id: item.id,
      text,
      ...(item.headline === undefined || textOnly ? {} : { headline: item.headline }),
      ...(item.published_at === undefined ? {} : { publishedAt: item.published_at }),
    };
    const result = tagStory(input, reference, {
      rulesOnly,
      ...(aboutThreshold === undefined ? {} : { aboutThreshold }),
      ...(rulesRelevance ? { salienceModel: null } : {}),
    });
    const predicted = new Set(result.tags.map((t) => t.type));
    const gold = new Set(item.labels);
    for (const t of EVENT_TYPES) {
      const c = perTag.get(t)!;
      if (predicted.has(t) && gold.has(t)) c.tp += 1;
      else if (predicted.has(t)) c.fp += 1;
      else if (gold.has(t)) c.fn += 1;
    }
    if (predicted.size === gold.size && [...gold].every((t) => predicted.has(t))) exact += 1;
    const goldAbout = new Set(
      item.about.flatMap((s) => {
        const id = goldOnDay(s, item.published_at?.slice(0, 10));
        return id === undefined || !goldCovers(id) ? [] : [id];
      }),
    );
    // The gold `about` lists cover the 51 bundled issuers (the issuers known when rounds 1–2 were labelled): with the
    // master, issuers outside them are left out of the score rather than counted as false positives.
    const predAbout = new Set(result.relevance.filter((r) => r.about && goldCovers(r.issuerId)).map((r) => r.issuerId));
    for (const id of predAbout)
      if (goldAbout.has(id)) about.tp += 1;
      else about.fp += 1;
    for (const id of goldAbout) if (!predAbout.has(id)) about.fn += 1;
    // Linking errors by kind: a gold subject never found in the text, one found but scored a mention, and an issuer
    // scored a subject that the gold does not list.
    for (const id of goldAbout) {
      if (predAbout.has(id)) continue;
      if (result.mentions.some((m) => m.issuerId === id)) kinds.fnMentioned += 1;
      else kinds.fnUnlinked += 1;
    }
    kinds.fpAbout += [...predAbout].filter((id) => !goldAbout.has(id)).length;
    for (const id of predAbout)
      (goldAbout.has(id) ? trueKinds : falseKinds).push(subjectKind(item, text, result, id, goldAbout));
    if (coversAll(item)) scopeAll += 1;
    linkDump?.push(JSON.stringify({ id: item.id, split: item.split, gold: [...goldAbout], pred: [...predAbout] }));
    if (salienceDump !== undefined && !salienceDump.has(item.id)) {
      const candidates = storySalienceFeatures(input, reference)
        .filter((c) => goldCovers(c.issuerId))
        .map((c) => ({
          issuerId: c.issuerId,
          relevance: c.relevance,
          about: c.about,
          label: goldAbout.has(c.issuerId),
          features: Object.fromEntries(c.features),
        }));
      salienceDump.set(item.id, JSON.stringify({ id: item.id, split: item.split, gold: [...goldAbout], candidates }));
    }
    candDump?.set(
      item.id,
      JSON.stringify({
        id: item.id,
        split: item.split,
        gold: [...goldAbout],
        text: text.slice(0, 600),
        lead: splitSentences(text, 'text')[0]?.text ?? '',
        roundUp: result.roundUp,
        rel: result.relevance.filter((r) => goldCovers(r.issuerId)),
        mentions: result.mentions.map((m) => [m.issuerId, m.start, m.end, m.kind]),
      }),
    );
    for (const id of goldAbout) goldIssuers.add(id);
    if (linkErrors !== undefined && aboutMiss0(goldAbout, predAbout)) {
      const rel = result.relevance
        .map((r) => {
          const phrases = result.mentions.filter((m) => m.issuerId === r.issuerId).map((m) => m.phrase);
          return `${r.issuerId}:${r.relevance}${r.about ? '*' : ''}[${[...new Set(phrases)].join('|')}]`;
        })
        .join(' ');
      linkErrors.push(
        `${item.id} (${item.split}) gold=[${[...goldAbout].join(',')}] pred=[${[...predAbout].join(',')}] goldTickers=[${item.about.join(',')}]\n    rel: ${rel}\n    ${(item.headline ?? '').slice(0, 120)} || ${text.slice(0, 300)}`,
      );
    }
    const tagMiss = [...gold].some((t) => !predicted.has(t)) || [...predicted].some((t) => !gold.has(t));
    const aboutMiss = [...goldAbout].some((t) => !predAbout.has(t)) || [...predAbout].some((t) => !goldAbout.has(t));
    if (listErrors && (tagMiss || aboutMiss)) {
      const ev = result.tags
        .filter((t) => !gold.has(t.type))
        .map((t) => `${t.type}(${t.confidence}: ${t.evidence.map((e) => e.phrase).join(' | ')})`)
        .join('; ');
      errors.push(
        `${item.id}: gold=[${[...gold].join(',')}] pred=[${[...predicted].join(',')}] aboutGold=[${[...goldAbout].join(',')}] aboutPred=[${[...predAbout].join(',')}]${ev === '' ? '' : `\n    false: ${ev}`}\n    ${(item.headline ?? '').slice(0, 100)} || ${text.slice(0, 200)}`,
      );
    }
  }
  const micro: Counts = { tp: 0, fp: 0, fn: 0 };
  const lines = [
    `\n== ${label}: ${subset.length} items ==`,
    `${'tag'.padEnd(18)} ${'P'.padStart(5)} ${'R'.padStart(5)} ${'F1'.padStart(5)}  support  tp  fp  fn`,
  ];
  let macroSum = 0;
  let macroN = 0;
  for (const t of EVENT_TYPES) {
    const c = perTag.get(t)!;
    micro.tp += c.tp;
    micro.fp += c.fp;
    micro.fn += c.fn;
    const [p, r, f1] = prf(c);
    if (c.tp + c.fn > 0) {
      macroSum += f1;
      macroN += 1;
    }
    lines.push(
      `${t.padEnd(18)} ${f(p)} ${f(r)} ${f(f1)}  ${String(c.tp + c.fn).padStart(7)} ${String(c.tp).padStart(3)} ${String(c.fp).padStart(3)} ${String(c.fn).padStart(3)}`,
    );
  }
  const [mp, mr, mf] = prf(micro);
  const [ap, ar, af] = prf(about);
  lines.push(`${'micro'.padEnd(18)} ${f(mp)} ${f(mr)} ${f(mf)}`);
  lines.push(`${'macro-F1'.padEnd(18)} ${f(macroSum / Math.max(1, macroN))}   (over tags with support)`);
  lines.push(`${'exact tag set'.padEnd(18)} ${f(exact / Math.max(1, subset.length))}`);
  lines.push(
    `${'about (issuers)'.padEnd(18)} ${f(ap)} ${f(ar)} ${f(af)}  tp ${about.tp} fp ${about.fp} fn ${about.fn}`,
  );
  lines.push(
    `  gold: ${goldIssuers.size} distinct issuers; ${scopeAll} items scored on every issuer, ${subset.length - scopeAll} on the 51 bundled`,
  );
  lines.push(
    `  errors: ${kinds.fnUnlinked} subjects not found, ${kinds.fnMentioned} found but scored mentioned, ${kinds.fpAbout} false subjects`,
  );
  if (showKinds) {
    for (const [title, list] of [
      ['false subjects', falseKinds],
      ['true subjects', trueKinds],
    ] as const) {
      const counted = new Map<string, number>();
      for (const k of list) counted.set(k, (counted.get(k) ?? 0) + 1);
      lines.push(`  ${title} by kind (source, where named, what the gold lists):`);
      for (const [k, n] of [...counted].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])))
        lines.push(`    ${String(n).padStart(3)}  ${k}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (listErrors) process.stdout.write(`${errors.join('\n')}\n`);
}

evaluate(
  items.filter((i) => i.split === 'tune'),
  'tune split (rules were adjusted looking at these errors)',
  showErrors,
);
evaluate(
  items.filter((i) => i.split !== 'tune'),
  'holdout split (not looked at while tuning)',
  showHoldoutErrors,
);
if (!showErrors && !showHoldoutErrors) evaluate(items, 'all', false);
if (linkErrors !== undefined) process.stdout.write(`${linkErrors.join('\n')}\n`);
if (salienceDump !== undefined)
  writeFileSync(resolve(process.cwd(), args[salienceArg + 1]!), `${[...salienceDump.values()].join('\n')}\n`);
if (candDump !== undefined)
  writeFileSync(resolve(process.cwd(), args[candArg + 1]!), `${[...candDump.values()].join('\n')}\n`);
if (linkDump !== undefined) writeFileSync(resolve(process.cwd(), args[dumpArg + 1]!), `${linkDump.join('\n')}\n`);
