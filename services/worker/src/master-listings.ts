import type { Listing, SecurityMaster } from '@newswindow/reference';
import { timeZoneOfCalendar } from '@newswindow/reference';
import type { LinkedListing } from '@newswindow/schemas';
import type { ListingDirectory } from '@newswindow/tagger';

/**
 * The security master as the tagger's story linking sees it: which issuer held a symbol on a day, and an issuer's
 * listings of a day with the benchmark of that period and the time zone of the exchange's calendar.
 */
export function listingDirectory(master: SecurityMaster): ListingDirectory;
export function listingDirectory(master: SecurityMaster | undefined): ListingDirectory | undefined;
export function listingDirectory(master: SecurityMaster | undefined): ListingDirectory | undefined {
  if (master === undefined) return undefined;
  return {
    issuerIdOfSymbol: (symbol, day) => master.listingBySymbol(symbol, day)?.issuer.id,
    knowsIssuer: (issuerId) => master.issuer(issuerId) !== undefined,
    listingsOn: (issuerId, day) => master.listingsOn(issuerId, day).map((l) => fromMaster(l, issuerId)),
  };
}

function fromMaster(l: Listing, issuerId: string): LinkedListing {
  return {
    symbol: l.symbol,
    exchange: l.mic,
    currency: l.currency,
    benchmark: l.benchmark,
    // An exchange without a generated calendar has no zone: its studies are skipped ("no trading calendar").
    timeZone: timeZoneOfCalendar(l.calendar) ?? 'UTC',
    issuerId,
  };
}
