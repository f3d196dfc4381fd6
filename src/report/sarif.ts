// The SARIF 2.1.0 report, for GitHub code scanning and other SARIF viewers: one run, one
// result per finding (suppressed findings included, marked as suppressed), the rules with
// their documentation, and the agency scores as run properties. Nothing is recomputed.
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import type { RuleMeta } from '../rule-api/rule.js';
import { nestedJson, splitJsonArray, type PartedReporter, type Reporter, type ReportOptions } from './types.js';
import { cellPlace, messageWithValue, tableLine } from './format.js';
import type { FileResult, Finding, GroupScore, LintResult, ReferralResult } from '../model/types.js';

/** Where people learn about the tool (SARIF toolComponent.informationUri; GitHub requires it). */
export const INFORMATION_URI = 'https://github.com/referral-lint/referral-lint';

const SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The uriBaseId of every artifact: the directory the tool ran in, which is the repository root in CI. */
const SRCROOT = '%SRCROOT%';

/** The key of the partial fingerprint; bump the version if its inputs ever change. */
const FINGERPRINT_KEY = 'referralLint/v1';

type Level = 'error' | 'warning' | 'note';
type RuleRow = LintResult['rules'][number];
type RuleDocs = Pick<RuleMeta<object>, 'description' | 'docs'>;

interface Region {
  startLine: number;
  startColumn?: number;
}

/** SARIF has no "info" level; "note" is its nearest. */
export function sarifLevel(severity: string): Level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** `child-voice-recorded` → `ChildVoiceRecorded` (SARIF reportingDescriptor.name). */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** A result path as a relative URI reference: stdin gets a name, each segment is percent-encoded. */
export function artifactUri(file: string): string {
  if (file === '-') return 'stdin';
  return file.split('/').map(encodeURIComponent).join('/');
}

function artifactLocation(file: string): { uri: string; uriBaseId: string } {
  return { uri: artifactUri(file), uriBaseId: SRCROOT };
}

/** Stable across runs and machines: the file, where in it, and which rule. */
export function fingerprint(file: string, pointer: string, ruleId: string): string {
  return bytesToHex(sha256(utf8ToBytes(`${file}\u0000${pointer}\u0000${ruleId}`)));
}

/**
 * The finding's place in its file. Its pointer is relative to the file, except in a YAML
 * file of several documents (relative to the document) and in NDJSON (relative to the
 * line): there the document or line is put in front, so two referrals never share one.
 */
export function placeInFile(referral: Pick<ReferralResult, 'pointer' | 'document' | 'line'>, finding: Pick<Finding, 'pointer'>): string {
  if (referral.document !== undefined) return `document ${referral.document}:${finding.pointer}`;
  if (referral.pointer === '' && referral.line !== undefined) return `line ${referral.line}:${finding.pointer}`;
  return finding.pointer;
}

function markdownList(items: readonly string[]): string {
  return items.map((item) => `- ${item}`).join('\n');
}

function helpText(docs: RuleDocs): string {
  const parts = [docs.description, `What it checks:\n${markdownList(docs.docs.checks)}`, `Why: ${docs.docs.rationale}`, `How to fix: ${docs.docs.fix}`];
  if (docs.docs.sources.length > 0) parts.push(`Sources:\n${markdownList(docs.docs.sources)}`);
  return parts.join('\n\n');
}

function helpMarkdown(docs: RuleDocs): string {
  const parts = [
    docs.description,
    `**What it checks**\n\n${markdownList(docs.docs.checks)}`,
    `**Why**\n\n${docs.docs.rationale}`,
    `**How to fix**\n\n${docs.docs.fix}`,
  ];
  if (docs.docs.sources.length > 0) parts.push(`**Sources**\n\n${markdownList(docs.docs.sources)}`);
  return parts.join('\n\n');
}

function reportingDescriptor(rule: RuleRow, meta: RuleDocs | undefined): Record<string, unknown> {
  // Without the rules' docs the id stands in, so fullDescription and help (GitHub requires both) are never missing.
  const description = meta?.description ?? rule.id;
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: description },
    fullDescription: { text: meta ? `${meta.description} ${meta.docs.rationale}` : rule.id },
    help: meta ? { text: helpText(meta), markdown: helpMarkdown(meta) } : { text: rule.id, markdown: rule.id },
    defaultConfiguration: { level: sarifLevel(rule.severity) },
    properties: { dimension: rule.dimension, tags: ['referral-quality', rule.dimension], weight: rule.weight, penalty: rule.penalty },
  };
}

/** The finding's own line and column; else the referral's line; else the first line. */
function findingRegion(referral: ReferralResult, finding: Finding): Region {
  if (finding.line !== undefined) return finding.column !== undefined ? { startLine: finding.line, startColumn: finding.column } : { startLine: finding.line };
  return { startLine: referral.line ?? 1 };
}

function sarifResult(
  referral: ReferralResult,
  finding: Finding,
  ruleIndex: ReadonlyMap<string, number>,
  dimensionOf: (ruleId: string) => string | undefined,
  state: { suppressed: boolean; withBaseline: boolean },
): Record<string, unknown> {
  const index = ruleIndex.get(finding.ruleId);
  const dimension = dimensionOf(finding.ruleId);
  return {
    ruleId: finding.ruleId,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: sarifLevel(finding.severity),
    message: { text: `${referral.id ?? '(no id)'}: ${messageWithValue(finding)}` },
    locations: [
      {
        physicalLocation: { artifactLocation: artifactLocation(referral.file), region: findingRegion(referral, finding) },
        logicalLocations: [{ fullyQualifiedName: finding.pointer, kind: 'object' }],
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(referral.file, placeInFile(referral, finding), finding.ruleId) },
    // The lintIgnore reason is free text and may name the child, so no justification is given.
    ...(state.suppressed ? { suppressions: [{ kind: 'inSource', status: 'accepted' }] } : {}),
    // Only active findings are compared with the baseline; a suppressed one has no state to report.
    ...(state.withBaseline && !state.suppressed && finding.isNew !== undefined ? { baselineState: finding.isNew ? 'new' : 'unchanged' } : {}),
    properties: {
      referralId: referral.id,
      agency: referral.agency,
      sector: referral.sector,
      ...(dimension !== undefined ? { dimension } : {}),
      // In a YAML file of several documents the pointer is relative to this document.
      ...(referral.document !== undefined ? { document: referral.document } : {}),
      // A table's cell, as a person finds it in the sheet (the region's line is its row, its column the column's number).
      ...(finding.row !== undefined ? { cell: cellPlace(finding), ...(referral.sheet !== undefined ? { sheet: referral.sheet } : {}) } : {}),
    },
  };
}

function notificationLocation(file: string, line?: number, column?: number): Record<string, unknown> {
  const region = line === undefined ? undefined : column === undefined ? { startLine: line } : { startLine: line, startColumn: column };
  return { physicalLocation: { artifactLocation: artifactLocation(file), ...(region ? { region } : {}) } };
}

function notifications(result: LintResult, ruleIndex: ReadonlyMap<string, number>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const file of result.files) {
    if (file.error !== undefined) {
      out.push({ level: 'error', message: { text: `file not linted: ${file.error}` }, locations: [notificationLocation(file.path, file.line, file.column)] });
    }
    for (const failed of file.failedReferrals) out.push(failedReferral(file, failed));
    // A table's coverage: the rules its referrals could not be judged by, and why.
    const table = tableLine(file);
    if (table) out.push({ level: 'note', message: { text: table }, locations: [notificationLocation(file.path)] });
  }
  for (const e of result.internalErrors) {
    const index = ruleIndex.get(e.ruleId);
    out.push({
      level: 'error',
      message: { text: `rule ${e.ruleId} crashed on referral ${e.referralId ?? '(no id)'}${e.pointer ? ` at ${e.pointer}` : ''}: ${e.message}` },
      locations: [{ ...notificationLocation(e.file), logicalLocations: [{ fullyQualifiedName: e.pointer, kind: 'object' }] }],
      associatedRule: { id: e.ruleId, ...(index !== undefined ? { index } : {}) },
    });
  }
  return out;
}

function failedReferral(file: FileResult, failed: FileResult['failedReferrals'][number]): Record<string, unknown> {
  return {
    level: 'error',
    message: { text: `referral${failed.pointer ? ` at ${failed.pointer}` : ''} not linted: ${failed.reason}` },
    locations: [notificationLocation(file.path, failed.line)],
  };
}

function groupProperties(group: GroupScore): Record<string, unknown> {
  return {
    name: group.name,
    sector: group.sector,
    referrals: group.referrals,
    score: group.score,
    band: group.band,
    cleanRate: group.cleanRate,
    errors: group.errors,
    warnings: group.warnings,
    infos: group.infos,
    suppressed: group.suppressed,
    dimensions: group.dimensions,
  };
}

function runProperties(result: LintResult): Record<string, unknown> {
  const s = result.summary;
  const baseline = result.baseline;
  const change = new Map(baseline?.agencies.map((a) => [a.name, a]));
  return {
    config: result.config,
    summary: { referrals: s.referrals, score: s.score, band: s.band, cleanRate: s.cleanRate, errors: s.errors, warnings: s.warnings, infos: s.infos, suppressed: s.suppressed },
    agencies: result.agencies.map((a) => {
      const c = change.get(a.name);
      return {
        ...groupProperties(a),
        ...(c ? { previousScore: c.previousScore, scoreChange: c.scoreChange, newFindings: c.newFindings, fixedFindings: c.fixedFindings } : {}),
      };
    }),
    ...(baseline
      ? {
          baseline: {
            file: baseline.file,
            previousScore: baseline.previousScore,
            ...(baseline.scoringChanged ? { scoringChanged: true } : {}),
            scoreChange: baseline.scoreChange,
            newFindings: baseline.newFindings,
            newErrors: baseline.newErrors,
            fixedFindings: baseline.fixedFindings,
          },
        }
      : {}),
    // A gate is about the run, not a place in a file: its outcome is a property, as in the JSON report, not a result.
    ...(result.gates ? { gates: result.gates } : {}),
  };
}

/** The SARIF log as an object (the reporter serialises it). */
export function sarifLog(result: LintResult, options: ReportOptions): Record<string, unknown> {
  const ruleIndex = new Map(result.rules.map((r, i) => [r.id, i]));
  const dimensionOf = (ruleId: string): string | undefined =>
    result.rules.find((r) => r.id === ruleId)?.dimension ?? options.rules?.get(ruleId)?.dimension;
  const withBaseline = result.baseline !== undefined;
  const results: Record<string, unknown>[] = [];
  for (const referral of result.referrals) {
    for (const f of referral.findings) results.push(sarifResult(referral, f, ruleIndex, dimensionOf, { suppressed: false, withBaseline }));
    for (const f of referral.suppressed) results.push(sarifResult(referral, f, ruleIndex, dimensionOf, { suppressed: true, withBaseline }));
  }
  return {
    $schema: SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: result.tool.name,
            version: result.tool.version,
            semanticVersion: result.tool.version,
            informationUri: INFORMATION_URI,
            rules: result.rules.map((r) => reportingDescriptor(r, options.rules?.get(r.id))),
          },
        },
        // No originalUriBaseIds: %SRCROOT% stays unresolved rather than leak a local path.
        invocations: [{ executionSuccessful: result.summary.internalErrors === 0, toolExecutionNotifications: notifications(result, ruleIndex) }],
        // The loaders count columns in UTF-16 code units (JavaScript string offsets).
        columnKind: 'utf16CodeUnits',
        results,
        properties: runProperties(result),
      },
    ],
  };
}

export const sarif: Reporter = (result, options) => `${JSON.stringify(sarifLog(result, options), null, 2)}\n`;

/** The SARIF log in parts: each referral's results printed as they are inside `runs[0].results` (four levels deep), joined by commas. */
export const sarifParts: PartedReporter = (result, options, counts) => {
  const log = sarifLog({ ...result, referrals: [] }, options);
  const { before, after } = splitJsonArray(`${JSON.stringify(log, null, 2)}\n`, 'results', 3, counts.results);
  const ruleIndex = new Map(result.rules.map((r, i) => [r.id, i]));
  const dimensionOf = (ruleId: string): string | undefined =>
    result.rules.find((r) => r.id === ruleId)?.dimension ?? options.rules?.get(ruleId)?.dimension;
  const withBaseline = result.baseline !== undefined;
  let first = true;
  const piece = (value: Record<string, unknown>): string => {
    const text = (first ? '' : ',\n') + nestedJson(value, 4);
    first = false;
    return text;
  };
  const referral = (r: ReferralResult): string => {
    let out = '';
    for (const f of r.findings) out += piece(sarifResult(r, f, ruleIndex, dimensionOf, { suppressed: false, withBaseline }));
    for (const f of r.suppressed) out += piece(sarifResult(r, f, ruleIndex, dimensionOf, { suppressed: true, withBaseline }));
    return out;
  };
  return { head: before, referral, tail: after };
};
