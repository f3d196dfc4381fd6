// Freezing what rules read, so that no rule can change it for the rules after it, on any thread
// (src/engine/engine.ts), and copying what a caller hands over before it is frozen.

/** A list, or an object as a JSON or YAML parser makes it (its prototype Object.prototype, or none). */
function isPlain(value: object): boolean {
  if (Array.isArray(value)) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Freezes a value read from an export (lists and plain objects, all the way down), so no rule
 * can change what the rules after it see, on this thread or another. A frozen object is taken
 * to be frozen all the way down: only this function freezes what the loaders read. On the hot
 * path (two walks a referral: as read, and as typed), so it loops by hand.
 */
export function deepFreeze(value: unknown): void {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value) && isPlain(value)) freezeAll(value);
}

function freezeAll(value: object): void {
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const element: unknown = value[i];
      if (typeof element === 'object' && element !== null && !Object.isFrozen(element) && isPlain(element)) freezeAll(element);
    }
  } else {
    // Plain objects have no enumerable inherited key: for-in lists their own, without a list made for them.
    for (const key in value) {
      const field: unknown = (value as Record<string, unknown>)[key];
      if (typeof field === 'object' && field !== null && !Object.isFrozen(field) && isPlain(field)) freezeAll(field);
    }
  }
}

/** A copy of the lists and plain objects in a value (anything else is shared), for freezing without freezing the caller's own. */
export function plainCopy<T>(value: T): T {
  if (typeof value !== 'object' || value === null || !isPlain(value)) return value;
  if (Array.isArray(value)) return value.map(plainCopy) as T;
  const copy: Record<string, unknown> = {};
  // defineProperty, not assignment: a key named __proto__ stays a plain field.
  for (const key of Object.keys(value)) Object.defineProperty(copy, key, { value: plainCopy((value as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
  return copy as T;
}
