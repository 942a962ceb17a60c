// Owns the image diff part of the contract: two images side by side (config, layers, and the
// files of their merged filesystems). (Filled by the diff work of issue #17.)
import type { z } from 'zod';

export const imageDiffRequestSchemas = {} as const satisfies Record<string, z.ZodType>;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ImageDiffResponseMap {}
