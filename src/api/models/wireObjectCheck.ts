import { NOT_VALID } from './fastCheck.js';
import type { FastCheck } from './fastCheck.js';

/**
 * What wireObject's preprocess hands to z.object: the input itself when it spells every key exactly (z.object
 * copies only the shape's keys into a fresh object, so it can go through as it is, without a copy), else a fresh
 * object of the shape's keys found in any letter case, an exact spelling winning over the others.
 */
export function shapeKeysOf(
  source: Record<string, unknown>, keys: readonly string[], keyByLowerCase: ReadonlyMap<string, string>,
): Record<string, unknown> {
  if (keys.every((key) => Object.hasOwn(source, key))) return source;
  const picked: Record<string, unknown> = {};
  for (const [wireKey, value] of Object.entries(source)) {
    const key = keyByLowerCase.get(wireKey.toLowerCase());
    if (key === undefined) continue;
    if (wireKey !== key && Object.hasOwn(source, key)) continue;
    picked[key] = value;
  }
  return picked;
}

/**
 * The fast check of a wireObject whose every field has one: {@link shapeKeysOf}, each field's check, and a fresh
 * object of the shape's keys in shape order, as z.object builds it. Undefined for a shape it cannot serve
 * (a `__proto__` key, which an object literal would turn into a prototype) or where code generation is off.
 *
 * The check is generated code, as zod's own object parser is: a property read by name and an object literal
 * cost a fraction of a read and a store by a key held in a variable, which is most of a model's check.
 * The code holds nothing from an input, only the shape's key names, JSON-quoted.
 */
export function objectCheck(
  keys: readonly string[], checks: readonly FastCheck[], keyByLowerCase: ReadonlyMap<string, string>,
): FastCheck | undefined {
  if (keys.includes('__proto__') || keys.length !== checks.length) return undefined;
  const quoted = keys.map((key) => JSON.stringify(key));
  // `k in input` is read from the object's shape where `Object.hasOwn` is a call per key; it means own here
  // only while the input's prototype is Object.prototype and that has none of the keys, else shapeKeysOf decides.
  const spelledExactly = [
    'getPrototypeOf(input) === objectPrototype',
    ...quoted.map((key) => `!(${key} in objectPrototype)`),
    ...quoted.map((key) => `${key} in input`),
  ].join('\n    && ');
  // z.object keeps or drops a key whose value comes out undefined by the field's optionality, and fails a
  // required one that is absent: no block yields undefined for a valid value, so such a value is left to zod.
  const fields = quoted.map((key, i) => `const v${i} = c${i}(source[${key}]);
  if (v${i} === NOT_VALID || v${i} === undefined) return NOT_VALID;`).join('\n  ');
  const body = `return function wireObjectCheck(input) {
  if (typeof input !== 'object' || input === null || isArray(input)) return NOT_VALID;
  const source = ${spelledExactly}
    ? input : shapeKeysOf(input);
  ${fields}
  return { ${quoted.map((key, i) => `${key}: v${i}`).join(', ')} };
};`;
  let factory: (...args: unknown[]) => FastCheck;
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the source holds only quoted shape keys (see above)
    factory = new Function('NOT_VALID', 'isArray', 'getPrototypeOf', 'objectPrototype', 'shapeKeysOf', ...checks.map((_, i) => `c${i}`), body) as typeof factory;
  } catch (error) {
    // Code generation from strings is off (--disallow-code-generation-from-strings): zod reads this model alone.
    if (error instanceof EvalError) return undefined;
    throw error;
  }
  return factory(
    NOT_VALID, Array.isArray, Object.getPrototypeOf, Object.prototype,
    (input: Record<string, unknown>) => shapeKeysOf(input, keys, keyByLowerCase), ...checks,
  );
}
