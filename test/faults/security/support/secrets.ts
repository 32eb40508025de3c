import TransportStream from 'winston-transport';

/** A JWT as an identity provider issues it (header.payload.signature). */
export const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJyZW5kZXItbm9kZS0xIiwicm9sZSI6Indvcmtlcid9.c2lnbmF0dXJlLXRoYXQtaXMtc2VjcmV0LTQy';
/** An opaque bearer token (no JWT shape to recognise it by). */
export const OPAQUE_TOKEN = 'opq_7f3a9c1e5b2d48a6';
export const API_KEY = 'ak_live_5d1b2e9f0c3a7e44';
export const BASIC_PASSWORD = 'hunter2-basic-Pw';
export const BASIC = Buffer.from(`deploy:${BASIC_PASSWORD}`).toString('base64');
export const COOKIE_VALUE = 'sess_8e2f1d0c9b7a6';
/** An API gateway's key (Azure API Management's header), another common way to send an api key. */
export const SUBSCRIPTION_KEY = 'apim_0b9c8d7e6f5a4b3c';

/** Every string that must never appear in a log line, with the parts a careless redaction could leave. */
export const SECRETS: readonly string[] = [
  JWT, ...JWT.split('.'), OPAQUE_TOKEN, API_KEY, SUBSCRIPTION_KEY, BASIC, BASIC_PASSWORD, COOKIE_VALUE,
];

/** The headers a host sends on every call: each carries a secret. */
export function secretHeaders(bearer: string): Record<string, string> {
  return {
    Authorization: `Bearer ${bearer}`,
    'X-Api-Key': API_KEY,
    'Ocp-Apim-Subscription-Key': SUBSCRIPTION_KEY,
    'Proxy-Authorization': `Basic ${BASIC}`,
    Cookie: `session=${COOKIE_VALUE}`,
  };
}

/** A winston transport keeping every record, to scan both the formatted line and the record's fields. */
export class CaptureTransport extends TransportStream {
  readonly records: Array<Record<string | symbol, unknown>> = [];

  override log(info: Record<string | symbol, unknown>, next: () => void): void {
    this.records.push(info);
    next();
  }

  /** Each record as the text a sink could ever write: the formatted line and every field, JSON. */
  texts(): string[] {
    return this.records.map((record) => `${String(record[Symbol.for('message')])}\n${JSON.stringify(record)}`);
  }

  /** The records whose text holds one of `secrets`, each with the secrets it holds. */
  leaks(secrets: readonly string[]): Array<{ line: string; secrets: string[] }> {
    return this.texts()
      .map((line) => ({ line, secrets: secrets.filter((secret) => line.includes(secret)) }))
      .filter((leak) => leak.secrets.length > 0);
  }
}
