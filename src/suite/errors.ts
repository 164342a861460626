/** Why a run could not start: bad input (exit 2) or a cluster that cannot be reached (exit 2). */

/** The options name something that does not exist (a version, a requirement id). */
export class SuiteInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SuiteInputError';
  }
}

/** The API server did not answer /version (no connection, refused credentials, timeout). */
export class ClusterUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterUnreachableError';
  }
}
