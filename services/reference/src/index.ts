export type { Alias, AliasKind, Issuer, Listing } from './master/types';
export {
  createSecurityMaster,
  normalizeName,
  validOn,
  type IssuerListing,
  type LinkingIndex,
  type NameEntry,
  type SecurityMaster,
  type TickerEntry,
} from './master/security-master';
export {
  BUNDLED_MASTER_FILE,
  bundledIssuers,
  loadSecurityMaster,
  mergeIssuers,
  type LoadSecurityMasterOptions,
} from './master/load';
export { parseMasterLines, validateIssuer, type ParseOptions } from './master/parse';
export { timeZoneOfCalendar } from './master/time-zones';
export { SecurityMasterConflictError, SecurityMasterFileError } from './master/errors';
export * from './calendars';
