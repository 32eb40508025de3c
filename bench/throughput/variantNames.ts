/** The compared variants, in the order of the report: names only, so the pure report code loads no client. */
export const variantNames = ['rawAxios', 'standard', 'enhanced', 'manager', 'cockatiel', 'opossum'] as const;
export type VariantName = (typeof variantNames)[number];
