// Owns the shape every area's *-handlers.ts fills in: one function per contract channel, given the
// parsed request and where it came from. Its own module so no handlers file imports service.ts back.
import type { Channel, ParsedRequestOf, ResponseOf } from '../../../shared/contract';
import type { RequestContext } from './request-origin';

/** `context` is always passed by handle(); tests that call a handler directly may leave it out. */
export type Handlers = { [C in Channel]: (request: ParsedRequestOf<C>, context?: RequestContext) => Promise<ResponseOf<C>> };
