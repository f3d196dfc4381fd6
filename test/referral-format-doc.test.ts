// docs/referral-format.md section 2 checked against the schema it describes: each table lists
// exactly the keys the schema gives that object, so a field added to the schema (such as
// concerns.requestedOutcome) cannot be left out of the reference, and every free-text field of
// concerns is in section 8's list of fields that may hold personal data.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { referralSchema } from '../src/schema/referral-schema.js';
import { ROOT } from './temp-files.js';

const DOC = readFileSync(path.join(ROOT, 'docs/referral-format.md'), 'utf8');

interface SchemaNode {
  type?: string;
  format?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode & { $ref?: string };
  $defs?: Record<string, SchemaNode>;
}

/** The keys named in the first column of the table under the heading that starts with `heading`. */
function documentedKeys(heading: string): string[] {
  const lines = DOC.split('\n');
  const start = lines.findIndex((l) => l.startsWith(heading));
  if (start === -1) throw new Error(`docs/referral-format.md has no heading ${heading}`);
  const keys: string[] = [];
  for (let i = start + 1; i < lines.length && !lines[i]!.startsWith('#'); i += 1) {
    const line = lines[i]!;
    if (!line.startsWith('| `')) continue;
    const first = line.split('|')[1]!;
    for (const m of first.matchAll(/`([^`]+)`/g)) keys.push(m[1]!);
  }
  return keys.sort();
}

describe('docs/referral-format.md section 2 lists every key of the schema', () => {
  const schema = referralSchema() as SchemaNode;
  const props = schema.properties!;
  const sections: [string, SchemaNode][] = [
    ['### 2.2 Top level', schema],
    ['### 2.3 `referrer`', props.referrer!],
    ['### 2.4 `child`', props.child!],
    ['### 2.5 person', schema.$defs!.person!],
    ['### 2.6 `concerns`', props.concerns!],
    ['### 2.7 `childsViews`', props.childsViews!],
    ['### 2.8 `consent`', props.consent!],
    ['### 2.9 `threshold`', props.threshold!],
    ['### 2.10 `earlyHelp`', props.earlyHelp!],
    ['### 2.11 episode', props.missingEpisodes!.items!],
    ['### 2.12 `exploitationScreening`', props.exploitationScreening!],
  ];
  it.each(sections)('%s', (heading, node) => {
    expect(documentedKeys(heading)).toEqual(Object.keys(node.properties!).sort());
  });

  it("names every free-text field of concerns in section 8's list of fields that may hold personal data", () => {
    const section8 = DOC.slice(DOC.indexOf('## 8. Personal data'));
    const text = Object.entries(props.concerns!.properties!).filter(([, p]) => p.type === 'string' && p.format === undefined).map(([key]) => key);
    expect(text).toEqual(expect.arrayContaining(['requestedOutcome', 'impactOnChild']));
    for (const key of text) expect(section8, key).toContain(`\`${key}\``);
  });
});
