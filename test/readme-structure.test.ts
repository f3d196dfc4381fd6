// The README's prose as a reader meets it: no paragraph that lost its start (a heading cut off
// by an edit leaves a paragraph beginning with a comma), and the Input section's parts each
// under their bold heading.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './temp-files.js';

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The paragraphs outside code blocks: blocks of lines between blank lines. */
function paragraphs(text: string): string[] {
  const prose = text.replace(/^```[\s\S]*?^```$/gm, '');
  return prose.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p !== '');
}

describe('README structure', () => {
  it('no paragraph starts with punctuation, as one whose beginning was cut off does', () => {
    const cut = paragraphs(README).filter((p) => /^[,.;:)]/.test(p));
    expect(cut).toEqual([]);
  });

  it('the Input section names each of its parts, the progress bar included', () => {
    const input = /^## Input\n([\s\S]*?)^## /m.exec(README)![1]!;
    const parts = [...input.matchAll(/^\*\*([^*]+)\*\*/gm)].map((m) => m[1]);
    expect(parts).toEqual(['Only referral files.', 'Encodings.', 'Standard input.', 'Directories.', 'Large files.', 'Memory.', 'Threads.', 'Resource limits.', 'Cache.', 'Progress.']);
    expect(input).toContain('**Progress.** On an interactive terminal, a run that takes longer than about a second shows\na progress bar on stderr:');
  });
});
