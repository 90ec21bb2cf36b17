// The SHA-256 (catalogDigest) of the shipped catalog files as the build validated them. The bundles'
// build replaces this module (scripts/catalog-checked.mjs); from source it is null, so the catalog is
// validated at start-up.
export const checkedDigest: string | null = null;
