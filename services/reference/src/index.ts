export type { Alias, AliasKind, Issuer, Listing } from './master/types';
