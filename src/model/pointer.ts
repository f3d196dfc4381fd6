// JSON Pointers (RFC 6901) and the field names messages use instead of values.

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value a pointer names in a JSON value; undefined when there is none. Own keys only, so `__proto__` is data. */
export function valueAtPointer(root: unknown, pointer: string): unknown {
  let value: unknown = root;
  for (const token of parsePointer(pointer)) {
    if (Array.isArray(value)) value = /^(0|[1-9]\d*)$/.test(token) ? value[Number(token)] : undefined;
    else if (value !== null && typeof value === 'object' && Object.hasOwn(value, token)) value = (value as Record<string, unknown>)[token];
    else return undefined;
  }
  return value;
}

export function joinPointer(base: string, ...tokens: (string | number)[]): string {
  return base + tokens.map((t) => '/' + String(t).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** `/carers/0/name` → `carers[0].name`: how messages name a field (never its value). */
export function fieldName(pointer: string): string {
  let out = '';
  for (const token of parsePointer(pointer)) {
    if (/^\d+$/.test(token)) out += `[${token}]`;
    else out += (out ? '.' : '') + token;
  }
  return out || '(referral)';
}
