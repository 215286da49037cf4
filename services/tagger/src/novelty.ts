import { eventFamily } from './similarity-key';

/** A story already seen, as the novelty functions need it. */
export interface SeenStory {
  /** The story id; a later message with the same id is a correction or retraction, not a repeat. */
  readonly storyId?: string;
  /** Its similarity key (see `similarityKey`). */
  readonly key: string;
  /** ISO-8601 instant with offset, or epoch milliseconds. */
  readonly publishedAt: string | number;
}

/** Options of {@link noveltyScore}. */
export interface NoveltyOptions {
  /** How far back a prior story on the same event counts, in hours. Default 24. */
  readonly windowHours?: number;
}

/** Novelty of one story on one event. */
export interface NoveltyResult {
  /** 100 for the first story on the event within the window, then 100 / (1 + earlier stories): 50, 33, 25 … 10 for the tenth. */
  readonly novelty: number;
  /** Earlier stories on the same event within the window (corrections of this story excluded). */
  readonly priorCount: number;
  /** Key of the earliest prior story on the event in the window, if any (the story this one repeats). */
  readonly repeatOfKey?: string;
  /** True when a prior message had the same story id: this one corrects or retracts it. */
  readonly isCorrection: boolean;
}

const toMs = (t: string | number): number => (typeof t === 'number' ? t : Date.parse(t));

/**
 * Scores how new a story is, given the stories seen before it (pure: the caller supplies the history and the time).
 * A prior counts when it has the same event family (issuer + event type, see `eventFamily`) and was published in the
 * `windowHours` before the story (or at the same instant), so a launch covered on two calendar days still decays.
 */
export function noveltyScore(
  story: SeenStory,
  priors: readonly SeenStory[],
  options: NoveltyOptions = {},
): NoveltyResult {
  const windowMs = (options.windowHours ?? 24) * 3_600_000;
  const t = toMs(story.publishedAt);
  const family = eventFamily(story.key);
  let priorCount = 0;
  let earliest: { ms: number; key: string } | undefined;
  let isCorrection = false;
  for (const p of priors) {
    if (story.storyId !== undefined && p.storyId === story.storyId) {
      isCorrection = true;
      continue;
    }
    if (eventFamily(p.key) !== family) continue;
    const pt = toMs(p.publishedAt);
    if (!(pt <= t && t - pt <= windowMs)) continue;
    priorCount += 1;
    if (earliest === undefined || pt < earliest.ms) earliest = { ms: pt, key: p.key };
  }
  return {
    novelty: Math.round(100 / (1 + priorCount)),
    priorCount,
    isCorrection,
    ...(earliest === undefined ? {} : { repeatOfKey: earliest.key }),
  };
}

/**
 * Scores a batch of stories in publication order, each against the ones before it (and against `history`).
 * Returns results in the input order.
 */
export function trackNovelty(
  stories: readonly SeenStory[],
  history: readonly SeenStory[] = [],
  options: NoveltyOptions = {},
): NoveltyResult[] {
  const order = stories
    .map((s, i) => ({ s, i }))
    .sort((a, b) => toMs(a.s.publishedAt) - toMs(b.s.publishedAt) || a.i - b.i);
  const seen: SeenStory[] = [...history];
  const out = new Array<NoveltyResult>(stories.length);
  for (const { s, i } of order) {
    out[i] = noveltyScore(s, seen, options);
    seen.push(s);
  }
  return out;
}
