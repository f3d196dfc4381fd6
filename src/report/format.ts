// Small formatting helpers shared by the human-readable reporters.

export function percent(value: number | null, digits = 1): string {
  return value === null ? '-' : value.toFixed(digits);
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** `file:line:col`, as editors and terminals link it. */
export function where(line?: number, column?: number): string {
  return line === undefined ? '-' : column === undefined ? `${line}` : `${line}:${column}`;
}
