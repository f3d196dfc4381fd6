// "Did you mean": the known name nearest a misspelt one (a rule id, a field name). Used by
// `explain`, the config and --rule, lintIgnore (suppression-valid) and --strict (schema-valid).

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The candidate nearest `name` (case-insensitively), however far; ties go to one that contains it. */
export function nearest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance || (d === bestDistance && candidate.includes(name))) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * The candidate nearest `name` when it is close enough to be a misspelling of it (case aside,
 * at most one edit in four characters, and at most two), else undefined: a name far from every
 * known one is not guessed at.
 */
export function closeName(name: string, candidates: readonly string[]): string | undefined {
  const best = nearest(name, candidates);
  if (best === undefined || best === name) return undefined;
  const limit = Math.min(2, Math.max(1, Math.floor(name.length / 4)));
  return editDistance(name.toLowerCase(), best.toLowerCase()) <= limit ? best : undefined;
}

/** "; did you mean X?" for a close known name, else "". */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const guess = closeName(name, candidates);
  return guess === undefined ? '' : `; did you mean ${guess}?`;
}
