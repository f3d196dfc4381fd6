// docs/referral-format.md, "The three shapes": one object, an array, or an export envelope.
import { isObject, type JsonObject } from '../domain/referral.js';
import { repeatedKeyReason, type RepeatedKey } from './json-parse.js';
import { referralBreach, type Limits } from './limits.js';
import { REFERRAL_REQUIRED_KEYS } from '../schema/referral-schema.js';

/**
 * The top-level keys of a referral-lint config file (src/config/schema.ts; a test keeps the
 * two equal: the config layer comes after this one).
 */
export const CONFIG_KEYS: readonly string[] = [
  '$schema', 'extends', 'plugins', 'reportUnusedSuppressions', 'now', 'timeZone', 'placeholders', 'strict',
  'limits', 'thresholdModel', 'agencies', 'rules', 'declarativeRules', 'overrides', 'only', 'scoring', 'mappings',
];

/**
 * The top-level keys of a mapping file (src/mapping/mapping.ts; a test keeps the two equal:
 * the mapping layer comes after this one). A mapping has `id` (its id column), which is also a
 * referral's key, so a mapping is told by its own keys rather than by the lack of a referral's.
 */
export const MAPPING_FILE_KEYS: readonly string[] = [
  'name', 'extends', 'description', 'files', 'header', 'sheet', 'delimiter', 'encoding', 'id', 'booleans', 'dates', 'fields', 'groups',
];

/** Whether a file's top-level object is a mapping (`--mapping` file): a name, fields or groups, and no key a mapping does not have. */
function isMappingFile(value: JsonObject): boolean {
  const keys = Object.keys(value);
  return (
    typeof value.name === 'string' &&
    (isObject(value.fields) || isObject(value.groups)) &&
    keys.every((key) => MAPPING_FILE_KEYS.includes(key))
  );
}

const REQUIRED = `${REFERRAL_REQUIRED_KEYS.slice(0, -1).join(', ')} or ${REFERRAL_REQUIRED_KEYS.at(-1)}`;

/** Whether an object has at least one of the keys every referral must have: a referral with errors still has one. */
export function hasReferralKey(value: JsonObject): boolean {
  return REFERRAL_REQUIRED_KEYS.some((key) => Object.hasOwn(value, key));
}

/**
 * An export envelope: an object with a "referrals" key and either an "export" header or none
 * of a referral's required keys. An object with a referral's key and no header is one
 * referral, whose "referrals" is a field of its own (a case system's, say).
 */
export function isEnvelope(value: JsonObject): boolean {
  return Object.hasOwn(value, 'referrals') && (Object.hasOwn(value, 'export') || !hasReferralKey(value));
}

/**
 * What a top-level object with these keys is, when it is a well-known file that is no
 * referral export and has none of a referral's required keys: referral-lint's own JSON
 * report, a SARIF log, a package.json, a referral-lint config. Undefined otherwise.
 */
export function knownNonReferral(keys: Iterable<string>): string | undefined {
  const has = new Set(keys);
  if (REFERRAL_REQUIRED_KEYS.some((key) => has.has(key))) return undefined;
  if (has.has('tool') && has.has('summary')) return 'a referral-lint report';
  if (has.has('runs') && (has.has('version') || has.has('$schema'))) return 'a SARIF log';
  if (has.has('name') && has.has('version')) return 'a package.json';
  if (has.size > 0 && [...has].every((key) => CONFIG_KEYS.includes(key))) return 'a referral-lint config';
  return undefined;
}

/**
 * Why a file whose first referral object is `value` (at `pointer`) is no referral export;
 * undefined when it is one. Only an object with none of a referral's required keys makes a
 * file no export: one with any of them is a referral, however many errors it has. The one
 * exception is a mapping file, whose `id` names a column: it has a mapping's keys and no other.
 */
export function notExportReason(value: JsonObject, pointer: string): string | undefined {
  if (pointer === '' && isMappingFile(value)) return 'a referral-lint mapping';
  if (hasReferralKey(value)) return undefined;
  if (pointer === '') return knownNonReferral(Object.keys(value)) ?? `an object with none of a referral's required keys (${REQUIRED})`;
  return `its first item (${pointer}) has none of a referral's required keys (${REQUIRED})`;
}

export type ContainerItem = { pointer: string; data: JsonObject } | { pointer: string; failure: string };

/** `offset`: where in the text parsed the failure is, when it is one place (a repeated key). */
export type Container = { items: ContainerItem[] } | { fileFailure: string; offset?: number } | { notExport: string };

/** A key written twice in a referral, its object's pointer relative to the referral. */
type Repeat = Pick<RepeatedKey, 'parent' | 'key'>;

/**
 * One referral of a container, or why it is none: not an object, a key written twice in it
 * (`repeat`, the first), or over a referral limit (maxDepth, maxStringLength).
 */
export function item(value: unknown, pointer: string, limits: Pick<Limits, 'maxDepth' | 'maxStringLength'>, repeated: readonly Repeat[] = []): ContainerItem {
  if (!isObject(value)) return { pointer, failure: `expected a referral object, found ${describeKind(value)}` };
  if (repeated[0]) return { pointer, failure: repeatedKeyReason(repeated[0], 'the referral') };
  const breach = referralBreach(value, limits);
  return breach ? { pointer, failure: breach } : { pointer, data: value };
}

export function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true or false';
  return typeof value;
}

/**
 * Splits a document's top level into referrals, each checked against the referral limits.
 * `first`: the file's first container, which may prove the file no referral export.
 * `repeated`: the keys written twice in the text parsed (JSON), with pointers from its top:
 * one in a referral fails that referral; one anywhere else in an envelope fails the file.
 */
export function splitContainer(value: unknown, limits: Pick<Limits, 'maxDepth' | 'maxStringLength'>, repeated: readonly RepeatedKey[] = [], first = false): Container {
  if (Array.isArray(value)) {
    const repeats = repeatsByReferral(repeated, '');
    return { items: value.map((v, i) => item(v, `/${i}`, limits, repeats.get(i))) };
  }
  if (!isObject(value)) {
    return { fileFailure: `expected a referral object, a list of referrals or an export envelope at the top level, found ${describeKind(value)}` };
  }
  if (!isEnvelope(value)) return { items: [item(value, '', limits, repeated)] };
  // The file's first container: an envelope that is a well-known other file (referral-lint's report) is no export.
  const known = first ? knownNonReferral(Object.keys(value)) : undefined;
  if (known) return { notExport: known };
  const repeats = repeatsByReferral(repeated, '/referrals');
  const outside = repeated.find((r) => !repeats.inside.has(r));
  if (outside) return { fileFailure: repeatedKeyReason(outside, 'the export envelope'), offset: outside.offset };
  const { referrals, export: header } = value;
  if (!Array.isArray(referrals)) return { fileFailure: notAList(referrals) };
  const headerFailure = exportHeaderFailure(header);
  if (headerFailure) return { fileFailure: headerFailure };
  return { items: referrals.map((v, i) => item(v, `/referrals/${i}`, limits, repeats.get(i))) };
}

/**
 * The repeated keys in each element of the list at `list`, by index, their pointers made
 * relative to the element; `inside` holds those that are in an element. One pass, however many.
 */
function repeatsByReferral(repeated: readonly RepeatedKey[], list: string): { get(index: number): Repeat[] | undefined; inside: Set<RepeatedKey> } {
  const byIndex = new Map<number, Repeat[]>();
  const inside = new Set<RepeatedKey>();
  for (const repeat of repeated) {
    if (!repeat.parent.startsWith(`${list}/`)) continue;
    const rest = repeat.parent.slice(list.length + 1);
    const slash = rest.indexOf('/');
    const token = slash === -1 ? rest : rest.slice(0, slash);
    if (!/^(0|[1-9]\d*)$/.test(token)) continue;
    inside.add(repeat);
    const index = Number(token);
    const own = byIndex.get(index) ?? [];
    own.push({ parent: slash === -1 ? '' : rest.slice(slash), key: repeat.key });
    byIndex.set(index, own);
  }
  return { get: (index) => byIndex.get(index), inside };
}

export function notAList(referrals: unknown): string {
  return `an export envelope's "referrals" must be a list, found ${describeKind(referrals)}`;
}

/** Why an envelope's "export" header is not usable; undefined when it is (or absent). */
export function exportHeaderFailure(header: unknown): string | undefined {
  if (header === undefined) return undefined;
  if (!isObject(header)) return `an export envelope's "export" must be an object, found ${describeKind(header)}`;
  if (header.schemaVersion !== undefined && header.schemaVersion !== 1) {
    return 'export.schemaVersion must be 1: this version of referral-lint reads referral format version 1 only';
  }
  return undefined;
}
