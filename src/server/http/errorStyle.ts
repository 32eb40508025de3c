// Apart from errorFormat.ts, whose declarations name fastify's types: the server's options name only this.

/**
 * How error answers look. `json`: every error is JSON `{message, ...details}`. `aspnet`: as the real ASP.NET
 * server answers: validation failures and 404s as `application/problem+json`, a `BadRequest("reason")` or
 * `Conflict("reason")` as plain text, a conflict with a body (`{message, currentTask}`) as JSON.
 */
export type ErrorStyle = 'json' | 'aspnet';
