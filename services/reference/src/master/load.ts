import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseMasterLines } from './parse';
import { createSecurityMaster, type SecurityMaster } from './security-master';
import type { Issuer, Listing } from './types';

/** The generated master shipped with the package (see `scripts/generate-master.py`). */
export const BUNDLED_MASTER_FILE = resolve(__dirname, '../../data/master/issuers.jsonl');

/** Options of {@link loadSecurityMaster}. */
export interface LoadSecurityMasterOptions {
  /** A user file in the master's JSON Lines format, merged over the bundled master (`NEWSWINDOW_SECURITY_MASTER_FILE`). */
  readonly userFile?: string;
  /** Replaces the bundled file (tests). */
  readonly bundledFile?: string;
}

const sameListing = (a: Listing, b: Listing): boolean =>
  a.mic === b.mic && a.symbol.toUpperCase() === b.symbol.toUpperCase() && a.validFrom === b.validFrom;

/**
 * Merges user issuers over the bundled ones. A new id adds an issuer. An existing id updates it: the user's name,
 * sector and country win, its aliases are added, and its listings are added or replace the listing with the same
 * exchange, symbol and `validFrom`.
 */
export function mergeIssuers(base: readonly Issuer[], user: readonly Issuer[]): Issuer[] {
  const merged = new Map(base.map((i) => [i.id, i]));
  for (const mine of user) {
    const theirs = merged.get(mine.id);
    if (theirs === undefined) {
      merged.set(mine.id, mine);
      continue;
    }
    const keptAliases = theirs.aliases.filter(
      (a) => !mine.aliases.some((m) => m.name.toLowerCase() === a.name.toLowerCase() && m.validFrom === a.validFrom),
    );
    merged.set(mine.id, {
      ...theirs,
      name: mine.name,
      sector: mine.sector ?? theirs.sector,
      country: mine.country ?? theirs.country,
      aliases: [...keptAliases, ...mine.aliases],
      listings: [...theirs.listings.filter((l) => !mine.listings.some((m) => sameListing(l, m))), ...mine.listings],
      sources: [...new Set([...theirs.sources, ...mine.sources])],
      indices: [...new Set([...theirs.indices, ...mine.indices])],
    });
  }
  return [...merged.values()];
}

let bundled: readonly Issuer[] | undefined;

/** The bundled issuers, parsed once per process. */
export function bundledIssuers(): readonly Issuer[] {
  bundled ??= parseMasterLines(readFileSync(BUNDLED_MASTER_FILE, 'utf8'), { file: BUNDLED_MASTER_FILE, trusted: true });
  return bundled;
}

/**
 * Loads the security master synchronously from the package's data (no network) and merges the user's file when given.
 * Throws `SecurityMasterFileError` (`file:line: reason`) on a bad line, `SecurityMasterConflictError` when two issuers
 * would hold one symbol at once.
 */
export function loadSecurityMaster(options: LoadSecurityMasterOptions = {}): SecurityMaster {
  const base =
    options.bundledFile === undefined
      ? bundledIssuers()
      : parseMasterLines(readFileSync(options.bundledFile, 'utf8'), { file: options.bundledFile });
  if (options.userFile === undefined) return createSecurityMaster(base);
  const user = parseMasterLines(readFileSync(options.userFile, 'utf8'), {
    file: options.userFile,
    defaultsFor: 'user',
  });
  return createSecurityMaster(mergeIssuers(base, user));
}
