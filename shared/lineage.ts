// Owns the lineage part of the contract: an image's tags and digests, its parents and children
// among local images, and the containers made from it. (Filled by the lineage work of issue #17.)
import type { z } from 'zod';

export const lineageRequestSchemas = {} as const satisfies Record<string, z.ZodType>;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface LineageResponseMap {}
