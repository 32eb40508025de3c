import type { AxiosStatic } from 'axios';

let loading: Promise<AxiosStatic> | undefined;
let loaded: AxiosStatic | undefined;

/**
 * axios, loaded the first time a client sends a request, not when the library is imported: it (with form-data and
 * its twenty helper packages) was most of the import's cost (issue 20, docs/PERFORMANCE.md section 9). This is the
 * one module that loads axios at run time; every other file imports its types only. An ES `import()` resolves to
 * the same module a host's `import axios from 'axios'` gets, so there is one `AxiosError` class (a CommonJS
 * `require` would load axios' second, CommonJS copy). A failed load is not remembered, so a later call tries again.
 */
export function loadAxios(): Promise<AxiosStatic> {
  loading ??= import('axios').then(
    (module) => {
      loaded = module.default;
      return loaded;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/**
 * axios if {@link loadAxios} has loaded it, else undefined: once it has, a client's first request makes its instance
 * at once, and reaches the pool in the same tick as before axios was lazy.
 */
export function loadedAxios(): AxiosStatic | undefined {
  return loaded;
}
