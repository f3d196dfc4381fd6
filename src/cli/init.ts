// `referral-lint init`: a commented starter config, with every way of fitting the tool to
// local practice stubbed. The threshold levels, sectors and placeholders come from the code
// lists, so the starter cannot drift from the defaults.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { DEFAULT_PLACEHOLDERS, SECTORS } from '../domain/codes.js';
import { CONFIG_FILE_NAMES } from '../load/config-file.js';
import { DEFAULT_THRESHOLD_MODEL, type ThresholdLevel } from '../domain/threshold-model.js';
import { UsageError } from '../model/errors.js';
import { DEFAULT_LIMITS } from '../parse/limits.js';
import { DEFAULT_SCORING } from '../config/schema.js';

/** `key: value` as it would stand inside a YAML flow mapping (quoted where the flow context needs it). */
function flowPair(key: string, value: unknown): string {
  return stringifyYaml({ [key]: value }, { collectionStyle: 'flow', flowCollectionPadding: false }).trim().replace(/^\{/, '').replace(/\}$/, '');
}

/** A scalar as it would stand inside a YAML flow collection. */
function flowScalar(value: unknown): string {
  return flowPair('x', value).slice('x: '.length);
}

/** The default threshold model's levels as aligned one-line flow mappings. */
function thresholdLevelLines(indent: string): string[] {
  const keys = ['level', 'name', 'pathway', 'consentRequired', 'childProtection'] as const;
  // A level that accepts several pathways is written as their list, the principal one first.
  const value = (level: ThresholdLevel, key: (typeof keys)[number]) => (key === 'pathway' && (level.pathways?.length ?? 1) > 1 ? level.pathways : level[key]);
  const rows = DEFAULT_THRESHOLD_MODEL.levels.map((level) => keys.map((key) => `${flowPair(key, value(level, key))},`));
  const widths = keys.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => {
    const cells = row.map((text, i) => (i === row.length - 1 ? text.slice(0, -1) : text.padEnd(widths[i]!)));
    return `${indent}- { ${cells.join(' ')} }`;
  });
}

/** A list as comment lines of at most `width` characters: `head` then the items, continued at "#   ". */
function commentList(head: string, items: readonly string[], width = 92): string[] {
  const lines: string[] = [];
  let line = head;
  for (const [i, item] of items.entries()) {
    const piece = `${item}${i < items.length - 1 ? ',' : ''}`;
    if (line !== head && line.length + piece.length + 1 > width) {
      lines.push(line);
      line = `#   ${piece}`;
    } else line = line === head ? head + piece : `${line} ${piece}`;
  }
  lines.push(line);
  return lines;
}

/** The starter referral-lint.config.yaml: valid as it stands, with the optional parts commented out. */
export function starterConfig(): string {
  const lines = [
    '# referral-lint.config.yaml, written by `referral-lint init`.',
    '#',
    '# Every key is optional: delete what you do not need. Commented-out blocks are examples;',
    '# remove the leading "# " from a whole block to use it. The README\'s "Configuration" and',
    '# "Making referral-lint your own" sections describe every key.',
    '#   npx referral-lint rules                  every rule, with the severity in force',
    '#   npx referral-lint explain <rule-id>      what a rule checks, its options and defaults',
    '#   npx referral-lint --print-config <file>  the settings in force for one export file',
    '',
    '# Presets: recommended (every rule at its default severity; unused suppressions are not',
    '# reported) or strict (warnings become errors). A list is applied in order; a plugin\'s',
    '# presets are named <plugin>/<preset>, e.g. [recommended, local/strict].',
    'extends: recommended',
    '',
    '# For date-times written without an offset, calendar days and ages (an IANA time zone).',
    'timeZone: Europe/London',
    '',
    '# Text that does not count as an answer ("meaningful text"). Setting this replaces the',
    '# default list, which is:',
    ...commentList('# placeholders: [', DEFAULT_PLACEHOLDERS.map(flowScalar)).map((l, i, all) => (i === all.length - 1 ? `${l}]` : l)),
    '',
    '# The local threshold document ("continuum of need"). This is the default four-level',
    '# model: edit it to match your area\'s document, one entry per level.',
    '#   level            the number a referral gives in threshold.level',
    '#   name             the level\'s name in your document (used in messages)',
    '#   pathway          where a referral at this level goes: early-help, family-help,',
    '#                    social-care or child-protection; universal where no referral is',
    '#                    expected. A list names every pathway the level accepts, its',
    '#                    principal one first (family-help and child-protection are the',
    '#                    Families First names; fixtures/configs/families-first.config.yaml',
    '#                    is an example for an area that has adopted them)',
    '#   consentRequired  true where the consent of a person with parental responsibility is',
    '#                    needed unless a safeguarding exception applies',
    '#   childProtection  true at the child-protection (s47) level: consent need not be sought,',
    '#                    but whether the parents know must be recorded',
    '# Levels may be renumbered, added or removed; fixtures/configs/five-level.config.yaml is a',
    '# five-level example. With another scale, set threshold-consistent\'s minimumLevels option',
    '# (see `referral-lint explain threshold-consistent`) on the same scale.',
    'thresholdModel:',
    '  levels:',
    ...thresholdLevelLines('    '),
    '',
    '# Agencies: one agency however an export spells it, so that it gets one score. Without an',
    '# entry, referrer.agency is matched trimmed and case-folded. aliases are exact spellings;',
    '# patterns are regular expressions, matched case-insensitively. sector is one of:',
    ...commentList('#   ', SECTORS),
    '# agencies:',
    '#   - name: Northumbria Police',
    '#     sector: police',
    '#     aliases: [POL, Police - CAIT, NORTHUMBRIA POLICE]',
    "#     patterns: ['^northumbria\\s+police\\b']",
    '',
    '# Plugins: rules written in JavaScript, from a local module or an installed package.',
    '# A plugin is code and runs with your rights: name only plugins you have read or trust.',
    '# Local paths are relative to this file. A plugin\'s rules are named <plugin>/<rule>.',
    '# plugins:',
    '#   - ./rules/local/                    # a file, or a folder with index.js or package.json',
    '#   - referral-lint-plugin-tyneside     # an installed package (or just: tyneside)',
    '',
    '# Declarative rules: rules written in this file, without code. Each has an id',
    '# (<namespace>/<name>), a description, a dimension and a severity; `when` says which',
    '# referrals it applies to and `require` what must hold (see the README, "Declarative',
    '# rules", for every condition and requirement).',
    '# declarativeRules:',
    '#   - id: local/gp-named',
    '#     description: A referral from health names the child\'s GP practice.',
    '#     dimension: completeness',
    '#     severity: warning',
    '#     when:',
    '#       - sector: [health]',
    '#     require:',
    '#       - field: child.gpPractice        # must be meaningful text',
    '',
    '# Overrides: rule settings for some referrals only, selected by files (globs relative to',
    '# this file), agencies (after the alias table) or sectors; every selector given must match.',
    '# They apply in order, over extends and rules; the last match wins.',
    '# overrides:',
    "#   - files: ['police/**']",
    '#     rules:',
    '#       child-voice-recorded: off',
    '#   - agencies: [Northumbria Police]',
    '#     rules:',
    '#       referral-timely: { severity: error, options: { maxHours: 12 } }',
    '',
    '# Suppressions are written in a referral, not here: lintIgnore: [{ rule, reason }] records',
    '# that a rule does not fit that one referral, and why. true reports suppressions that',
    '# suppressed nothing (the unused-suppression rule); the strict preset reports them anyway.',
    '# reportUnusedSuppressions: true',
    '',
    '# Resource limits: what one referral, line or document may cost before it fails with a',
    '# reason (the README\'s "Resource limits" describes each). The defaults, far beyond any',
    '# real referral:',
    ...commentList('# limits: {', Object.entries(DEFAULT_LIMITS).map(([key, value]) => `${key}: ${value}`)).map((l, i, all) => (i === all.length - 1 ? `${l} }` : l)),
    '',
    '# Scores: each referral starts at 100 and loses a penalty for each rule it fails, by the',
    '# severity in force (never below 0); a group\'s score is the mean of its referrals\'. Bands name',
    '# what a score means: good from `good`, requires-improvement from `requires-improvement`,',
    '# else inadequate. model: weighted-pass gives the scores of earlier versions (the weighted',
    '# share of rules passed). The defaults:',
    `# scoring:`,
    `#   model: ${DEFAULT_SCORING.model}`,
    `#   penalties: { error: ${DEFAULT_SCORING.penalties.error}, warning: ${DEFAULT_SCORING.penalties.warning}, info: ${DEFAULT_SCORING.penalties.info} }`,
    `#   bands: { good: ${DEFAULT_SCORING.bands.good}, requires-improvement: ${DEFAULT_SCORING.bands['requires-improvement']} }`,
    '',
    '# Rules: each rule\'s severity (off, info, warning or error) and options, over the preset\'s.',
    '# Every rule also takes a penalty option, what failing it costs a referral\'s score (by',
    '# default the penalty of its severity, above), and a weight option, its weight under',
    '# model: weighted-pass (by default 3 for an error, 1 for a warning, 0 for info). For example,',
    '# to make referral-timely an error with a 12-hour limit that costs 10 points:',
    '# rules:',
    '#   referral-timely:',
    '#     severity: error',
    '#     options: { maxHours: 12, penalty: 10 }',
    '#   child-voice-recorded: off',
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Writes the starter config into `cwd` and returns the path written. Refuses when the file
 * exists, or when `cwd` already has a config file: a second one would be confusing.
 */
export function writeStarterConfig(cwd: string, file = 'referral-lint.config.yaml'): string {
  if (!/\.ya?ml$/i.test(file)) throw new UsageError(`${file}: the starter config is YAML; name the file .yaml or .yml`);
  const target = path.resolve(cwd, file);
  const refuse = (): never => {
    throw new UsageError(`${file} already exists: not overwriting it`);
  };
  if (existsSync(target)) refuse();
  const existing = CONFIG_FILE_NAMES.find((name) => existsSync(path.join(cwd, name)));
  if (existing) {
    throw new UsageError(`${existing} already exists: not writing ${file} beside it, as a second configuration file would be confusing. Edit ${existing}, or remove it and run init again`);
  }
  try {
    writeFileSync(target, starterConfig(), { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') refuse();
    throw new UsageError(`Cannot write ${file}: ${code ?? (error as Error).message}`);
  }
  return target;
}
