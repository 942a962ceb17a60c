// Owns the bound of an images.format request restricted to some grid rows, apart from its schema
// (contract.ts): the renderer checks it before asking, and importing it must not build the
// contract's zod schemas in the page's first chunks (issue #15).

/** The most grid rows one "Copy as…" restricted to some rows may name. */
export const IMAGE_FORMAT_MAX_ROWS = 20_000;
