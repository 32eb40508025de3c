/** A small fetch wrapper for the server tests: JSON in, status + headers + text + parsed JSON out. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON (throws when it is not JSON). */
  json<T = unknown>(): T;
}

export interface CallOptions {
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is, with content-type application/json unless headers say otherwise. */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** Calls `method path` on the server at `baseUrl`. */
export async function call(baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers = { ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers };
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: payload });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: <T>() => JSON.parse(text) as T };
}

/** A client bound to one base URL. */
export function client(baseUrl: string) {
  return {
    get: (path: string, options?: CallOptions) => call(baseUrl, 'GET', path, options),
    post: (path: string, body?: unknown, headers?: Record<string, string>) => call(baseUrl, 'POST', path, { body, headers }),
    put: (path: string, body?: unknown, headers?: Record<string, string>) => call(baseUrl, 'PUT', path, { body, headers }),
    delete: (path: string) => call(baseUrl, 'DELETE', path),
    call: (method: string, path: string, options?: CallOptions) => call(baseUrl, method, path, options),
  };
}

/** The client type {@link client} returns. */
export type Client = ReturnType<typeof client>;
