// Owns the bridge's one-time download tickets: a browser download is a plain link (it cannot send
// a header), so instead of the long-lived token its URL carries a ticket the page asked for over
// the authenticated WebSocket. A ticket is random (256 bits), names the images it saves, lives a
// short while, and is spent by the first request that shows it, whatever that request's fate.
import { randomBytes } from 'node:crypto';

export interface DownloadTicketsOptions {
  /** How long an unused ticket stays valid; 60 s by default (the link is clicked at once). */
  ttlMs?: number;
  /** Injected by tests; Date.now otherwise. */
  now?: () => number;
  /** Unused tickets kept at most; the oldest is dropped beyond it, so a page cannot grow memory. */
  max?: number;
}

interface Grant {
  refs: readonly string[];
  expiresAt: number;
}

export const DOWNLOAD_TICKET_TTL_MS = 60_000;

export class DownloadTickets {
  private readonly live = new Map<string, Grant>();
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly max: number;

  constructor(opts: DownloadTicketsOptions = {}) {
    this.ttlMs = opts.ttlMs ?? DOWNLOAD_TICKET_TTL_MS;
    this.now = opts.now ?? Date.now;
    this.max = opts.max ?? 256;
  }

  /** A new ticket for saving exactly these images. */
  issue(refs: readonly string[]): { ticket: string; expiresInMs: number } {
    this.dropExpired();
    while (this.live.size >= this.max) this.live.delete(this.live.keys().next().value as string);
    const ticket = randomBytes(32).toString('base64url');
    this.live.set(ticket, { refs: [...refs], expiresAt: this.now() + this.ttlMs });
    return { ticket, expiresInMs: this.ttlMs };
  }

  /** Spends a ticket: its images while it is live, undefined when unknown, spent or expired. */
  take(ticket: string | null | undefined): { refs: readonly string[] } | undefined {
    if (!ticket) return undefined;
    const grant = this.live.get(ticket);
    if (!grant) return undefined;
    this.live.delete(ticket);
    return this.now() < grant.expiresAt ? { refs: grant.refs } : undefined;
  }

  /** Unused, unexpired tickets (for tests and bounds). */
  get size(): number {
    this.dropExpired();
    return this.live.size;
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [ticket, grant] of this.live) if (now >= grant.expiresAt) this.live.delete(ticket);
  }
}
