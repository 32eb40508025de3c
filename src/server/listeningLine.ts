/** The line `vcconn serve` prints once it listens; tests and scripts (the demo's server process) wait for it. */
export const LISTENING_LINE_PATTERN = /listening on (http:\/\/\S+)/;

/** That line, for the server at `url` on database `db`. */
export function listeningLine(url: string, db: string): string {
  return `vcconn server listening on ${url} (db ${db})\n`;
}
