// Owns the one entry point both transports call: validate a request against the contract,
// run its handler, and return a Result; and the one event stream both transports forward.
import { CHANNELS, requestSchemas, type Channel, type EventMap, type Result } from '../../shared/contract';
import { EngineConnection, type EngineConnectionOptions } from './engine/engine';
import { toContractError } from './engine/engine-errors';
import { createImageHandlers } from './images/image-handlers';
import { createEditHandlers } from './edit/edit-handlers';
import { createTransferHandlers } from './transfer/transfer-handlers';
import { createHistoryHandlers } from './images/history-handlers';
import { createPullHandlers } from './distribution/pull-handlers';
import { createPushHandlers } from './distribution/push-handlers';
import { createSearchHandlers } from './search/search-handlers';
import { createRegistryHandlers } from './registries/registry-handlers';
import { createDockerCredentials, type DockerCredentials } from './credentials/credential-store';
import { createSettingsHandlers, startupEndpoint } from './settings/settings-handlers';
import { EngineConfirmations, HeldStartupEngine, type AskEngine } from './engine/engine-confirmation';
import { SettingsStore } from './settings/settings-store';
import { defaultDataDir, defaultDockerConfigDir } from './support/data-dirs';
import { JobManager } from './support/jobs';
import { TypedEmitter } from './support/typed-emitter';
import { DESKTOP_REQUEST, type RequestContext, type RequestOrigin } from './support/request-origin';
import type { Handlers } from './support/handlers';
import { createEngineHandlers } from './engine/engine-handlers';
import { createJobsHandlers } from './support/jobs-handlers';
import { createExploreHandlers } from './explore/explore-handlers';
import { ExploreSessions } from './explore/explore-sessions';
import { createDiskHandlers } from './disk/disk-handlers';
import { createLineageHandlers } from './lineage/lineage-handlers';
import { createImageDiffHandlers } from './image-diff/image-diff-handlers';
import { createUpdateHandlers } from './registry-updates/update-handlers';
import { createRegistryCopyHandlers } from './registry-copy/registry-copy-handlers';
import { engineRegistryConfig } from './credentials/plain-http-rule';

export interface CoreOptions {
  engine?: EngineConnection;
  engineOptions?: EngineConnectionOptions;
  jobs?: JobManager;
  /** Stevedore's data folder (default: STEVEDORE_DATA_DIR or the platform config folder). */
  dataDir?: string;
  /** The docker CLI's config folder (default: DOCKER_CONFIG or ~/.docker). */
  dockerConfigDir?: string;
  /** Environment docker-credential-* helpers are found (PATH) and run in; default process.env. */
  credentialHelperEnv?: NodeJS.ProcessEnv;
  /**
   * The desktop app's question before a remote engine is used (a native dialog in main.ts). With
   * it, a remote engine chosen in Settings or found in settings.json at start is used only once
   * confirmed (engine-confirmation.ts); without it (the bridge, tests) no engine is asked about.
   */
  confirmEngine?: AskEngine;
  /** Loopback hosts to ask about as if remote (tests stand a loopback listener in for a remote engine). */
  confirmEngineHostsAnyway?: readonly string[];
}

const channelSet = new Set<string>(CHANNELS);

/** Formats zod issues as one short line, naming the offending field. */
function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}

export class StevedoreCore {
  readonly engine: EngineConnection;
  readonly jobs: JobManager;
  readonly events = new TypedEmitter<EventMap>();
  readonly dataDir: string;
  readonly dockerConfigDir: string;
  /** Registry credentials where the docker CLI keeps them; read afresh on every use. */
  readonly credentials: DockerCredentials;
  /** The persisted settings (<dataDir>/settings.json); the engine endpoint in them picks the engine. */
  readonly settings: SettingsStore;
  /** Open explorer sessions (indexed images), shared by the explore handlers and the bridge's upload/download routes. */
  readonly exploreSessions: ExploreSessions;
  private readonly handlers: Handlers;
  private readonly unsubscribe: (() => void)[] = [];
  /** The engine from settings.json, held until the person confirms it (undefined: nothing held). */
  private readonly heldEngine: HeldStartupEngine | undefined;

  constructor(opts: CoreOptions = {}) {
    this.dataDir = opts.dataDir ?? defaultDataDir();
    this.dockerConfigDir = opts.dockerConfigDir ?? defaultDockerConfigDir();
    this.settings = new SettingsStore(this.dataDir);
    const confirmations = opts.confirmEngine
      ? new EngineConfirmations({ dataDir: this.dataDir, ask: opts.confirmEngine, askAnyway: opts.confirmEngineHostsAnyway })
      : undefined;
    // The settings are read only when no engine is given (tests and benchmarks pass their own).
    let startAt = opts.engineOptions?.endpoint;
    if (!opts.engine && !startAt) {
      const stored = this.settings.get().engine;
      startAt = startupEndpoint(this.settings.get(), this.dockerConfigDir);
      // A remote engine edited into settings.json is not used (not even pinged) before the person says so.
      if (confirmations?.questionFor(stored, startAt, 'startup')) {
        this.heldEngine = new HeldStartupEngine(() => this.engine, confirmations, stored, startAt);
        startAt = this.heldEngine.startEndpoint;
      }
    }
    this.engine = opts.engine ?? new EngineConnection({ ...opts.engineOptions, endpoint: startAt });
    this.jobs = opts.jobs ?? new JobManager();
    this.exploreSessions = new ExploreSessions(this.engine, this.jobs);
    this.credentials = createDockerCredentials({ configDir: this.dockerConfigDir, env: opts.credentialHelperEnv });
    const { authFor } = this.credentials;
    this.unsubscribe.push(
      this.engine.on('status', (s) => this.events.emit('engine.status', s)),
      this.engine.on('imagesChanged', (e) => this.events.emit('images.changed', e)),
      this.jobs.on('updated', (j) => this.events.emit('job.updated', j)),
    );
    this.handlers = {
      ...createEngineHandlers(this.engine, this.heldEngine),
      ...createImageHandlers(this.engine),
      ...createEditHandlers(this.engine, this.jobs),
      ...createTransferHandlers(this.engine, this.jobs),
      ...createPullHandlers(this.engine, this.jobs, authFor),
      ...createSearchHandlers(this.engine, authFor),
      ...createHistoryHandlers(this.engine),
      ...createPushHandlers({ engine: this.engine, jobs: this.jobs, authFor }),
      ...createRegistryHandlers({
        engine: this.engine,
        jobs: this.jobs,
        dataDir: this.dataDir,
        dockerConfigDir: this.dockerConfigDir,
        authFor,
        credentials: this.credentials,
      }),
      ...createSettingsHandlers({
        store: this.settings,
        engine: this.engine,
        dockerConfigDir: this.dockerConfigDir,
        changed: (s) => this.events.emit('settings.changed', s),
        confirmations,
      }),
      ...createJobsHandlers(this.jobs),
      ...createExploreHandlers(this.engine, this.jobs, this.exploreSessions),
      // Disk, image diff and lineage handlers (issue #17) are spread here.
      ...createDiskHandlers(this.engine, this.jobs),
      ...createLineageHandlers(this.engine),
      ...createImageDiffHandlers(this.engine, this.jobs),
      // Update detection and registry-to-registry copy handlers (issue #19) are spread here.
      ...createUpdateHandlers({ engine: this.engine, authFor }),
      ...createRegistryCopyHandlers({ jobs: this.jobs, authFor, registryConfig: engineRegistryConfig(() => this.engine.docker) }),
    };
  }

  /** Asks about an engine held from settings.json first (nothing reaches it before the answer), then watches the engine. */
  async start(): Promise<unknown> {
    if (this.heldEngine?.held) await this.heldEngine.ask();
    return this.engine.start();
  }

  /** Validates then runs. Never throws: every failure is a Result with a contract error. */
  async handle(channel: string, rawRequest: unknown, origin: RequestOrigin = DESKTOP_REQUEST.origin): Promise<Result<unknown>> {
    if (typeof channel !== 'string' || !channelSet.has(channel)) {
      // Not String(channel): an object with a bogus toString (sent by a hostile page) would throw here.
      const shown = typeof channel === 'string' ? channel.slice(0, 64) : `(${channel === null ? 'null' : typeof channel})`;
      return { ok: false, error: { code: 'INVALID_ARGUMENT', message: `Unknown channel: ${shown}` } };
    }
    const schema = requestSchemas[channel as Channel];
    const parsed = schema.safeParse(rawRequest ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'INVALID_ARGUMENT', message: `Invalid request for ${channel}: ${describeIssues(parsed.error.issues)}` },
      };
    }
    try {
      const handler = this.handlers[channel as Channel] as (r: unknown, c: RequestContext) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data, { origin }) };
    } catch (err) {
      const error = toContractError(err);
      if (error.code === 'ENGINE_UNREACHABLE') this.engine.noteUnreachable();
      return { ok: false, error };
    }
  }

  dispose(): void {
    this.jobs.cancelAll();
    this.exploreSessions.dispose();
    this.engine.stop();
    for (const u of this.unsubscribe) u();
  }
}
