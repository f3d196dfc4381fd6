// Errors that end a run with exit 2 and a plain message (no stack trace without --debug).

/** Something the user can fix: a bad option, configuration or argument. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export class ConfigError extends UsageError {
  override name = 'ConfigError';
}
