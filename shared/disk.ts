// Owns the disk part of the contract: what images take on the engine's disk, computed from the
// layer graph (RootFS chain IDs), what removing a selection or a prune would free, and what the
// engine says it freed. (Filled by the disk work of issue #17.)
import type { z } from 'zod';

export const diskRequestSchemas = {} as const satisfies Record<string, z.ZodType>;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DiskResponseMap {}
