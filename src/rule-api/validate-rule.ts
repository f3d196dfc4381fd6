// Checks that an object is a usable rule before it joins the registry: a plugin's rule, a
// declarative rule once compiled, or a rule under RuleTester. Problems are plain sentences.
import { DIMENSIONS, SEVERITIES } from '../domain/codes.js';
import { runtimeAjv } from '../schema/compiler.js';
import type { Rule } from './rule.js';

/** Built-in ids are bare; a plugin's or a declarative rule's are `<namespace>/<name>`. */
export const RULE_ID_PATTERN = /^(?:[a-z0-9]+(?:-[a-z0-9]+)*\/)?[a-z0-9]+(?:-[a-z0-9]+)*$/;

const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const isTextList = (v: unknown): boolean => Array.isArray(v) && v.every(isText);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A field path of meta.reads: `consent.status`, `missingEpisodes[].startedAt`, or `*` for every field. */
export const FIELD_PATH_PATTERN = /^(?:\*|[A-Za-z_$][\w$]*(?:\[\])?(?:\.[A-Za-z_$][\w$]*(?:\[\])?)*)$/;

/** Every problem with `candidate` as a rule; empty when it is usable. */
export function ruleProblems(candidate: unknown): string[] {
  if (!isObject(candidate)) return ['is not a rule object (expected { meta, check } made with defineRule)'];
  const problems: string[] = [];
  const meta = candidate.meta;
  if (!isObject(meta)) return ['has no meta object'];
  if (!isText(meta.id) || !RULE_ID_PATTERN.test(meta.id)) problems.push('meta.id must be lower-case words joined by hyphens, optionally after "<namespace>/"');
  if (!isText(meta.description)) problems.push('meta.description must be text');
  if (!DIMENSIONS.includes(meta.dimension as never)) problems.push(`meta.dimension must be one of ${DIMENSIONS.join(', ')}`);
  if (!SEVERITIES.includes(meta.severity as never)) problems.push(`meta.severity must be one of ${SEVERITIES.join(', ')}`);
  if (meta.weight !== undefined && (typeof meta.weight !== 'number' || !(meta.weight >= 0))) problems.push('meta.weight must be a number of 0 or more');
  if (meta.reads !== undefined && !(Array.isArray(meta.reads) && meta.reads.every((p) => typeof p === 'string' && FIELD_PATH_PATTERN.test(p)))) {
    problems.push('meta.reads must be a list of field paths such as consent.status or missingEpisodes[].startedAt (or * for every field)');
  }
  if (
    meta.requires !== undefined &&
    !(Array.isArray(meta.requires) && meta.requires.every((p) => typeof p === 'string' && p.split('|').every((a) => FIELD_PATH_PATTERN.test(a) && a !== '*')))
  ) {
    problems.push('meta.requires must be a list of field paths such as consent.status, or alternatives joined by | (fields of meta.reads the rule cannot judge without)');
  }
  if (meta.penalty !== undefined && (typeof meta.penalty !== 'number' || !(meta.penalty >= 0))) problems.push('meta.penalty must be a number of 0 or more');
  const docs = meta.docs;
  if (!isObject(docs)) problems.push('meta.docs must say what the rule checks, why, how to fix it, and its sources');
  else {
    if (!isTextList(docs.checks) || (docs.checks as unknown[]).length === 0) problems.push('meta.docs.checks must be a non-empty list of text');
    if (!isText(docs.rationale)) problems.push('meta.docs.rationale must be text');
    if (!isText(docs.fix)) problems.push('meta.docs.fix must be text');
    if (!isTextList(docs.sources)) problems.push('meta.docs.sources must be a list of text');
  }
  for (const hook of ['check', 'batch', 'applies', 'checkOptions'] as const) {
    if (candidate[hook] !== undefined && typeof candidate[hook] !== 'function') problems.push(`${hook} must be a function`);
  }
  if (typeof candidate.check !== 'function' && typeof candidate.batch !== 'function') problems.push('needs a check or a batch function');
  if (!isObject(meta.optionsSchema)) problems.push('meta.optionsSchema must be a JSON Schema object (defineRule fills one in)');
  else {
    try {
      const validate = runtimeAjv().compile(meta.optionsSchema);
      if (!validate(meta.defaultOptions ?? {})) problems.push('meta.defaultOptions does not match meta.optionsSchema');
    } catch (error) {
      problems.push(`meta.optionsSchema is not a valid JSON Schema: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}

export function isRule(candidate: unknown): candidate is Rule<object> {
  return ruleProblems(candidate).length === 0;
}
