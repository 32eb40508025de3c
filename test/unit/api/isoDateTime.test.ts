import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../machines/random.js';
import { isIsoDateTime } from '../../../src/api/models/isoDateTime.js';

// The check as isoDateTime was first written: the answer isIsoDateTime must give for every text.
const pattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const reference = (text: string) => pattern.test(text) && !Number.isNaN(Date.parse(text));

const two = (n: number) => String(n).padStart(2, '0');

function mismatches(texts: Iterable<string>): string[] {
  const wrong: string[] = [];
  for (const text of texts) if (isIsoDateTime(text) !== reference(text)) wrong.push(text);
  return wrong;
}

function* calendar(): Generator<string> {
  for (const year of ['0000', '0001', '1900', '1970', '2000', '2023', '2024', '2100', '9999']) {
    for (let month = 0; month <= 13; month += 1) {
      for (let day = 0; day <= 32; day += 1) yield `${year}-${two(month)}-${two(day)}T12:00:00Z`;
    }
  }
}

function* clock(): Generator<string> {
  for (let hour = 0; hour <= 25; hour += 1) {
    for (let minute = 0; minute <= 61; minute += 1) {
      yield `2024-05-01T${two(hour)}:${two(minute)}:00Z`;
      yield `2024-05-01T${two(hour)}:${two(minute)}`;
    }
    for (let second = 0; second <= 61; second += 1) yield `2024-05-01T${two(hour)}:00:${two(second)}.1234567`;
  }
}

const suffixes = [
  '', 'Z', 'z', '+00:00', '-00:00', '+02:00', '-05:30', '+23:59', '-23:59', '+24:00', '+23:60', '+99:99', '+0200',
  '-0530', '+02', '+2:00', '+02:0', '02:00', 'ZZ', ' Z', 'Z ', '+02:00Z', 'GMT', '+02:00:00', '\u00a0',
];

function* suffixed(): Generator<string> {
  for (const fraction of ['', '.', '.1', '.12', '.123', '.1234567', '.12345678', '.123456789', '.1234567890', '.a', '.1a']) {
    for (const suffix of suffixes) {
      yield `2024-05-01T10:00:00${fraction}${suffix}`;
      yield `2024-02-29T23:59:59${fraction}${suffix}`;
    }
  }
}

describe('isIsoDateTime', () => {
  it('answers as the pattern and Date.parse on every calendar day, valid or not, of common and edge years', () => {
    expect(mismatches(calendar())).toEqual([]);
  });

  it('answers as the pattern and Date.parse on every hour, minute and second, in range or not', () => {
    expect(mismatches(clock())).toEqual([]);
  });

  it('answers as the pattern and Date.parse for every fraction length and offset form', () => {
    expect(mismatches(suffixed())).toEqual([]);
  });

  it.each([
    '2026-01-15T08:01:01.5881497', '2026-01-15T08:01:01.5881497Z', '2024-05-01T10:00:00.000Z', '2024-05-01T10:00:01+02:00',
    '2024-05-01t10:00:00z', '2024-05-01T10:00', '2024-01-01T24:00:00Z', '2024-02-30T00:00:00Z', '2023-02-29T00:00:00Z',
    '2024-04-31T00:00:00Z', '2024-05-01T10:00:00+0200', '0000-01-01T00:00:00Z',
  ])('accepts %j, as Date.parse does today', (text) => {
    expect(reference(text)).toBe(true);
    expect(isIsoDateTime(text)).toBe(true);
  });

  it.each([
    '', '2024', 'yesterday', '2024-05-01', '2024-13-01T00:00:00Z', '2024-01-32T00:00:00Z', '2024-01-00T00:00:00Z',
    '2024-01-01T24:00:01Z', '2024-01-01T23:60:00Z', '2024-01-01T23:59:60Z', '2024-01-01T00:00:00+24:00',
    '2024-01-01T00:00:00.Z', '2024-01-01 00:00:00Z', '+002024-01-01T00:00:00Z', '２０２４-01-01T00:00:00Z',
  ])('rejects %j, as Date.parse does today', (text) => {
    expect(reference(text)).toBe(false);
    expect(isIsoDateTime(text)).toBe(false);
  });

  it('answers as the pattern and Date.parse on 50,000 mutations of well-formed date-times', () => {
    const random = seededRandom(20_240_501);
    const alphabet = '0123456789-:.TtZz+ 9';
    const seeds = ['2026-01-15T08:01:01.5881497Z', '2024-02-29T23:59:59+02:00', '1999-12-31T00:00:00', '2024-05-01T10:00'];
    const texts: string[] = [];
    for (let i = 0; i < 50_000; i += 1) {
      let text = seeds[i % seeds.length] as string;
      for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits -= 1) {
        const at = Math.floor(random() * (text.length + 1));
        const char = alphabet[Math.floor(random() * alphabet.length)] as string;
        const kind = random();
        if (kind < 0.5) text = text.slice(0, at) + char + text.slice(at + 1);
        else if (kind < 0.75) text = text.slice(0, at) + char + text.slice(at);
        else text = text.slice(0, at) + text.slice(at + 1);
      }
      texts.push(text);
    }
    expect(mismatches(texts)).toEqual([]);
    // The mutations are not all rejected: both answers are exercised.
    expect(texts.filter(reference).length).toBeGreaterThan(2_000);
  });
});
