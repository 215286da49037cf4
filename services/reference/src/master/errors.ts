/** Thrown when a security-master file (the bundled one or a user's) has a line that is not a valid issuer. */
export class SecurityMasterFileError extends Error {
  override readonly name = 'SecurityMasterFileError';

  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
  }
}

/** Thrown when the merged master is inconsistent: two issuers hold the same symbol on one exchange at the same time. */
export class SecurityMasterConflictError extends Error {
  override readonly name = 'SecurityMasterConflictError';

  constructor(
    readonly mic: string,
    readonly symbol: string,
    readonly issuerIds: readonly [string, string],
  ) {
    super(
      `${mic}:${symbol} is held by ${issuerIds[0]} and ${issuerIds[1]} over overlapping dates: give one of them validFrom/validTo`,
    );
  }
}
