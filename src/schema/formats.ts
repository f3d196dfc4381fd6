// The formats referral-lint's JSON Schemas use beyond ajv's own: `date-time` is RFC 3339 with
// the offset optional (a date-time without one is read in `timeZone`). Kept apart from ajv so
// that the validators compiled ahead of time (scripts/compile-schemas.mjs) import it without ajv.
import { isDateTime } from '../domain/time.js';

/** The formats ajv-formats supplies (its "full" definitions). */
export const AJV_FORMATS = ['date', 'email', 'regex'] as const;

export const DATE_TIME_FORMAT = { type: 'string', validate: isDateTime } as const;
