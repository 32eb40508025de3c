import type { AxiosStatic } from 'axios';

let loading: Promise<AxiosStatic> | undefined;

/**
 * axios, loaded the first time a client sends a request, not when the library is imported: it (with form-data and
 * its twenty helper packages) was most of the import's cost (issue 20, docs/PERFORMANCE.md section 9). This is the
 * one module that loads axios at run time; every other file imports its types only. An ES `import()` resolves to
 * the same module a host's `import axios from 'axios'` gets, so there is one `AxiosError` class (a CommonJS
 * `require` would load axios' second, CommonJS copy). A failed load is not remembered, so a later call tries again.
 */
export function loadAxios(): Promise<AxiosStatic> {
  loading ??= import('axios').then(
    (module) => module.default,
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
