// referral-format.md "Containers": one object, an array, or an export envelope.
import { isObject, type JsonObject } from '../referral.js';
import { referralBreach, type Limits } from './limits.js';

export type ContainerItem = { pointer: string; data: JsonObject } | { pointer: string; failure: string };

export type Container = { items: ContainerItem[] } | { fileFailure: string };

/** One referral of a container, or why it is none: not an object, or over a referral limit (maxDepth, maxStringLength). */
export function item(value: unknown, pointer: string, limits: Pick<Limits, 'maxDepth' | 'maxStringLength'>): ContainerItem {
  if (!isObject(value)) return { pointer, failure: `expected a referral object, found ${describeKind(value)}` };
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

/** Splits a document's top level into referrals, each checked against the referral limits. */
export function splitContainer(value: unknown, limits: Pick<Limits, 'maxDepth' | 'maxStringLength'>): Container {
  if (Array.isArray(value)) return { items: value.map((v, i) => item(v, `/${i}`, limits)) };
  if (!isObject(value)) {
    return { fileFailure: `expected a referral object, a list of referrals or an export envelope at the top level, found ${describeKind(value)}` };
  }
  if (!('referrals' in value)) return { items: [item(value, '', limits)] };
  const { referrals, export: header } = value;
  if (!Array.isArray(referrals)) return { fileFailure: notAList(referrals) };
  const headerFailure = exportHeaderFailure(header);
  if (headerFailure) return { fileFailure: headerFailure };
  return { items: referrals.map((v, i) => item(v, `/referrals/${i}`, limits)) };
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
