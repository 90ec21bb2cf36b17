// Types of catalog-checked.mjs (plain JavaScript, so the build runs it with node alone).
import type { Plugin } from 'esbuild';

/** Validates the shipped catalog files with the shared core's own code; returns their digest. */
export function validateShippedCatalog(): Promise<string>;
/** Replaces catalog-checked.ts in a bundle with the digest its build validated. */
export function checkedCatalogPlugin(digest: string): Plugin;
