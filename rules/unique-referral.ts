import { NO_AGENCY } from '../src/domain/agencies.js';
import { defineRule, type RuleContext } from '../src/rule-api/rule.js';
import { isValidNhsNumber, nhsNumberDigits } from '../src/domain/identifiers.js';
import type { Referral } from '../src/domain/referral.js';
import { formatYmd } from '../src/domain/time.js';
import { KeyStore } from '../src/domain/key-store.js';

/**
 * The referring agency's key after alias normalisation (the engine resolves it once per
 * referral), or undefined when no agency is stated: an unknown agency is never "the same agency".
 */
export function agencyKeyOf(_referral: Referral, ctx: RuleContext<object>): string | undefined {
  return ctx.agency.name === NO_AGENCY ? undefined : ctx.agency.key;
}

/** Trimmed, case-folded, inner spaces collapsed, diacritics removed: "  Zoë  Ann " and "zoe ann" are one name. */
export function foldName(name: string): string {
  return name
    .toUpperCase() // with toLowerCase, a fuller case fold than toLowerCase alone ("ß" = "ss")
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A key from its parts, unambiguous whatever characters the parts hold. */
const keyOf = (...parts: string[]): string => JSON.stringify(parts);

/** One agency's referrals on one day, as unique-referral remembers them. */
/** The first referral seen with a key: what a repeat's message names (its id and file, never the child). */
interface Earlier {
  id: string | undefined;
  file: string;
}

/** Where the earlier referral is: `in this file`, or `in a.json`. */
const whereIs = (earlier: Earlier, file: string): string => (earlier.file === file ? 'in this file' : `in ${earlier.file}`);

/** `referral R-1 in a.json`, or, with no id, `an earlier referral in this file`. */
function describeEarlier(earlier: Earlier, file: string): string {
  return earlier.id !== undefined && earlier.id !== '' ? `referral ${earlier.id} ${whereIs(earlier, file)}` : `an earlier referral ${whereIs(earlier, file)}`;
}

export default defineRule({
  meta: {
    id: 'unique-referral',
    description: 'Each referral is in the run once: no repeated id, and no second referral of the same child by the same agency on the same day.',
    dimension: 'uniqueness',
    severity: 'error',
    // A repeat is told by the id, or by the child (NHS number, or names with the date of birth): a table with neither cannot be judged.
    requires: ['receivedAt', 'referrer.agency', 'id|child.nhsNumber|child.givenName'],
    reads: ['child.dateOfBirth', 'child.familyName', 'child.givenName', 'child.nhsNumber', 'id', 'receivedAt', 'referrer.agency'],
    docs: {
      checks: [
        'A batch rule: it sees every referral of the run, in input order, and reports on every occurrence after the first; the first is never a finding. Every occurrence counts as a referral in every total.',
        'The same id as an earlier referral (compared exactly, as the exporting system wrote it): a finding at /id.',
        'The same child referred by the same agency on the same calendar day of receivedAt (in the configured time zone) as an earlier referral: a finding at the referral itself (pointer ""), since the whole referral is the repeat, not one of its fields.',
        'Same child: both have a valid child.nhsNumber (modulus 11, whitespace ignored) and they are equal with whitespace removed; or else, when either lacks one, the same child.dateOfBirth and the same child.givenName and child.familyName after trimming, case-folding, collapsing inner spaces and removing diacritics. ' +
          'An NHS number that fails its check digit (a typo, or a dummy such as 0000000000) counts as no NHS number, so a typo does not hide a repeat and two children given the same dummy number are not merged.',
        'A referral without a parseable receivedAt, without a stated referrer.agency, or without a child identity (no valid NHS number, and not all of a date of birth and meaningful given and family names) is never matched on child, agency and day.',
        'Same agency: equal after alias normalisation (the config\'s agencies table), or, without an alias, referrer.agency equal after trimming and case-folding.',
        'A referral whose id repeats an earlier one gets only the id finding, so a record exported twice is reported once.',
        'Works in streaming mode: between referrals the rule keeps only keys (ids, and agency/day/child keys), never referrals.',
      ],
      rationale:
        'Inspection finding 4 (South Tyneside JTAI, 2016): inconsistent use of thresholds produced a high number of contacts to children\'s social care; repeated contacts about the same child from the same agency on the same day inflate the count, split the information the front door needs across records, and risk two workers deciding on one child. ' +
        'A repeated reference makes a referral impossible to cite unambiguously in the Children in Need census and in Ofsted\'s inspection data (Annex A, lists 1 and 3). ' +
        'Matching on the NHS number (NHS Data Dictionary) is the strongest identity; names and date of birth are the fallback, folded so that differences of case, accents and spacing in the same name are not mistaken for different children.',
      fix:
        'Give every referral its own reference. When the same concern about the same child is sent again the same day (a telephone referral followed by the written one, a resend after a failed upload), send it as an update to the first referral, not as a new one; remove duplicate records from the export.',
      sources: [
        'Ofsted et al., JTAI South Tyneside (2016), finding 4',
        'DAMA UK, The six primary dimensions for data quality assessment (2013): uniqueness',
        'NHS Data Dictionary: NHS Number',
        'DfE, Children in Need census: one referral record per referral',
      ],
      examples: {
        pass: [{ id: 'R-1', receivedAt: '2026-10-05T10:30:00Z', referrer: { agency: 'Example Police' } }, { id: 'R-2', receivedAt: '2026-10-06T10:30:00Z', referrer: { agency: 'Example Police' } }],
        fail: [{ id: 'R-1', receivedAt: '2026-10-05T10:30:00Z' }, { id: 'R-1', receivedAt: '2026-10-05T14:00:00Z' }],
      },
    },
  },
  // The agency comes from ctx.agency, resolved from the whole referral.
  batchReads: ['id', 'receivedAt', 'child'],
  batch(ctx) {
    // Every id and every child's key is kept compactly (src/domain/key-store.ts): a fixed-size
    // digest per key in memory, its bytes in a spill (the CLI's: an encrypted temporary file),
    // read only to confirm that two equal digests are one key.
    const store = (): KeyStore => new KeyStore(ctx.keySpill ? { spill: ctx.keySpill() } : {});
    /** Each id seen, with the index (in `files`) of the file it was first seen in. */
    const ids = store();
    const files: string[] = [];
    const fileIndex = new Map<string, number>();
    /** What earlier referrals were, by agency and day (a run holds a few thousand of those). */
    const days = new Map<string, number>();
    /** Children by `<day>n<NHS number>`, `<day>a<names>` and `<day>b<names>` (those without an NHS number): the referral first seen with the key. */
    const children = store();
    /** The referrals children's keys name: the index of their id (in `ids`; -1 for none) and of their file. */
    let earlierIds: Int32Array = new Int32Array(1024);
    let earlierFiles: Int32Array = new Int32Array(1024);
    let earlierCount = 0;

    const fileOf = (file: string): number => {
      let index = fileIndex.get(file);
      if (index === undefined) {
        index = files.length;
        files.push(file);
        fileIndex.set(file, index);
      }
      return index;
    };
    const earlierAt = (record: number): Earlier => {
      const idIndex = earlierIds[record]!;
      return { id: idIndex < 0 ? undefined : ids.keyAt(idIndex), file: files[earlierFiles[record]!]! };
    };
    const remember = (idIndex: number, file: number): number => {
      if (earlierCount === earlierIds.length) {
        const grow = (a: Int32Array): Int32Array => {
          const next = new Int32Array(a.length * 2);
          next.set(a);
          return next;
        };
        earlierIds = grow(earlierIds);
        earlierFiles = grow(earlierFiles);
      }
      earlierIds[earlierCount] = idIndex;
      earlierFiles[earlierCount] = file;
      return earlierCount++;
    };

    return {
      check(referral, ctx) {
        let repeatedId = false;
        const id = referral.id;
        const file = fileOf(ctx.file);
        let idIndex = -1;
        if (id !== undefined && id !== '') {
          const { index, added } = ids.add(id, file);
          idIndex = index;
          if (!added) {
            repeatedId = true;
            ctx.report({ pointer: '/id', message: `id is the same id as an earlier referral ${whereIs({ id, file: files[ids.valueAt(index)]! }, ctx.file)}: each referral needs its own reference` });
          }
        }

        const received = referral.receivedAt?.ms;
        const agency = agencyKeyOf(referral, ctx);
        if (received === undefined || agency === undefined) return;
        const dayKey = keyOf(agency, formatYmd(ctx.helpers.calendarDate(received)));
        let day = days.get(dayKey);
        if (day === undefined) days.set(dayKey, (day = days.size));

        const child = referral.child;
        const written = child?.nhsNumber;
        const nhsNumber = written !== undefined && isValidNhsNumber(written) ? nhsNumberDigits(written) : undefined;
        const born = child?.dateOfBirth?.ymd;
        const given = child?.givenName;
        const family = child?.familyName;
        const named = born !== undefined && ctx.helpers.isMeaningful(given) && ctx.helpers.isMeaningful(family);
        // Short keys, one a referral: the day's number, a letter, then the key. Names are
        // unambiguous by the given name's length: `20150804 5:reecegarthwaite`.
        const givenFolded = named ? foldName(given) : '';
        const nameKey = named ? `${born.year * 10000 + born.month * 100 + born.day} ${givenFolded.length}:${givenFolded}${foldName(family)}` : undefined;
        const byNhs = nhsNumber === undefined ? undefined : `${day}n${nhsNumber}`;
        const byNames = nameKey === undefined ? undefined : `${day}${nhsNumber === undefined ? 'b' : 'a'}${nameKey}`;

        let matchedBy: string | undefined;
        let earlier: Earlier | undefined;
        let found: number;
        if (byNhs !== undefined && (found = children.find(byNhs)) >= 0) {
          matchedBy = 'NHS number';
          earlier = earlierAt(children.valueAt(found));
        } else if (nameKey !== undefined) {
          // A child with an NHS number matches by name only referrals without one; one without, any.
          const candidates = nhsNumber === undefined ? [`${day}a${nameKey}`, `${day}b${nameKey}`] : [`${day}b${nameKey}`];
          let first = -1;
          for (const key of candidates) {
            const at = children.find(key);
            if (at >= 0 && (first < 0 || children.valueAt(at) < first)) first = children.valueAt(at);
          }
          if (first >= 0) {
            matchedBy = 'names and date of birth';
            earlier = earlierAt(first);
          }
        }

        // One record of this referral, made only when it has a key and shared by its keys; the
        // first referral of a key stays its answer.
        if (byNhs !== undefined || byNames !== undefined) {
          const self = remember(idIndex, file);
          if (byNhs !== undefined) children.add(byNhs, self);
          if (byNames !== undefined) children.add(byNames, self);
        }

        if (earlier !== undefined && matchedBy !== undefined && !repeatedId) {
          ctx.report({
            pointer: '',
            message: `the same child, agency and day as ${describeEarlier(earlier, ctx.file)} (matched by ${matchedBy}): child, referrer.agency and the date of receivedAt repeat it; send an update to it instead`,
          });
        }
      },
    };
  },
});
