/**
 * The benchmark server's routes. `GET /api/tasks` and `GET /api/health` as the real server has them, and the
 * same under `/size/<count>/`, where the task list holds `count` tasks: a client given the base URL
 * `<server>/size/<count>` calls `getTasks()` exactly as against a real server, and gets a list that long.
 */
import { healthBody, tasksAnswer, tasksBody } from './answers.js';

/** The largest task list the server builds: a bound on what a stray request can make it allocate. */
export const maxTaskCount = 100_000;

const sizedPath = /^\/size\/(\d{1,6})(\/api\/.*)$/;

/** The base URL under which `serverUrl` answers `GET api/tasks` with `count` tasks. */
export function sizedBaseUrl(serverUrl: string, count: number): string {
  if (!Number.isInteger(count) || count < 0 || count > maxTaskCount) throw new RangeError(`task count must be an integer in 0..${maxTaskCount}, got ${count}`);
  return `${serverUrl.replace(/\/+$/, '')}/size/${count}`;
}

/** The body a `GET` of `path` is answered with, or undefined for a path the server does not know (404). */
export function answerFor(path: string): Buffer | undefined {
  const sized = sizedPath.exec(path);
  const route = sized === null ? path : sized[2];
  if (route === '/api/health') return healthBody;
  if (route !== '/api/tasks') return undefined;
  if (sized === null) return tasksBody;
  const count = Number(sized[1]);
  return count <= maxTaskCount ? tasksAnswer(count) : undefined;
}
