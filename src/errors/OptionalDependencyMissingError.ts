import { VcconnError } from './VcconnError.js';

/**
 * A feature needs an optional peer dependency (prom-client for metrics, fastify for the server, ...) that is not
 * installed, or that is installed but could not be loaded. The client install leaves these out so a host that uses
 * only the clients and the manager carries no server framework, driver or observability code; the message names
 * the package and the command that installs it.
 */
export class OptionalDependencyMissingError extends VcconnError {
  readonly code = 'ERR_OPTIONAL_DEPENDENCY_MISSING';

  /**
   * @param packageName the package that could not be loaded, e.g. `prom-client`
   * @param feature what needs it, e.g. `metrics`
   * @param range the version range this library supports, e.g. `^15.1.3`
   */
  constructor(readonly packageName: string, readonly feature: string, readonly range: string, options?: { cause?: unknown }) {
    super(`${feature} needs the optional package ${packageName}, which could not be loaded; install it with \`npm install ${packageName}@${range}\``, options);
  }

  /** The command that installs the package, e.g. `npm install prom-client@^15.1.3`. */
  get installCommand(): string {
    return `npm install ${this.packageName}@${this.range}`;
  }
}

/** True when `value` is an {@link OptionalDependencyMissingError}. */
export function isOptionalDependencyMissingError(value: unknown): value is OptionalDependencyMissingError {
  return value instanceof OptionalDependencyMissingError;
}
