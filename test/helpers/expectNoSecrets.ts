import { expect } from 'vitest';

/** Where a secret was found: a path from the root (`$.cause.rawCause.config.headers.Authorization`) and which one. */
export interface SecretSighting {
  readonly path: string;
  readonly secret: string;
}

/**
 * Every place in `value`'s object graph where one of `secrets` appears. It reads what any printer, logger or
 * debugger could reach: every own property, enumerable or not, symbol-keyed too (getters are called), array items,
 * Map keys and values, Set items, the text of Buffers, typed arrays and ArrayBuffers, functions' own properties.
 * Each object is visited once (a WeakSet), so cycles end. Prototypes are not walked: they hold class methods,
 * not the data of one error.
 */
export function findSecrets(value: unknown, secrets: readonly string[]): SecretSighting[] {
  const sightings: SecretSighting[] = [];
  const seen = new WeakSet<object>();
  const check = (text: string, path: string): void => {
    for (const secret of secrets) {
      if (text.includes(secret)) sightings.push({ path, secret });
    }
  };
  const visit = (item: unknown, path: string): void => {
    if (typeof item === 'string') return check(item, path);
    if (typeof item === 'symbol') return check(item.description ?? '', path);
    if (typeof item === 'number' || typeof item === 'bigint' || typeof item === 'boolean') return check(String(item), path);
    if ((typeof item !== 'object' && typeof item !== 'function') || item === null) return;
    if (seen.has(item)) return;
    seen.add(item);
    if (ArrayBuffer.isView(item)) check(Buffer.from(item.buffer, item.byteOffset, item.byteLength).toString('utf8'), `${path}<bytes>`);
    else if (item instanceof ArrayBuffer) check(Buffer.from(item).toString('utf8'), `${path}<bytes>`);
    if (item instanceof Map) {
      let index = 0;
      for (const [key, entry] of item) {
        visit(key, `${path}<key ${index}>`);
        visit(entry, `${path}<value ${index}>`);
        index += 1;
      }
    }
    if (item instanceof Set) {
      let index = 0;
      for (const entry of item) visit(entry, `${path}<item ${index++}>`);
    }
    // A typed array's indexes are its bytes, already read as text above.
    if (ArrayBuffer.isView(item)) return;
    for (const key of [...Object.getOwnPropertyNames(item), ...Object.getOwnPropertySymbols(item)]) {
      // A function's `prototype` leads to class methods, like the prototypes left out above.
      if (typeof item === 'function' && key === 'prototype') continue;
      const name = typeof key === 'symbol' ? `[${key.description ?? 'symbol'}]` : key;
      check(name, `${path}<key ${name}>`);
      visit(read(item, key), `${path}.${name}`);
    }
  };
  visit(value, '$');
  return sightings;
}

/** Fails, listing every sighting, when `value` (see {@link findSecrets}) holds one of `secrets`. */
export function expectNoSecrets(value: unknown, secrets: readonly string[]): void {
  expect(findSecrets(value, secrets)).toEqual([]);
}

/** A property's value through its descriptor, calling a getter with the object as `this`; a throw reads as nothing. */
function read(target: object, key: string | symbol): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  if (descriptor === undefined) return undefined;
  if ('value' in descriptor) return descriptor.value;
  try {
    return descriptor.get?.call(target);
  } catch {
    return undefined;
  }
}
