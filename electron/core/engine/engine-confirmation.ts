// Owns the person's confirmation of a remote engine: which endpoints need it, the question (asked
// through a port the desktop shell answers with a native dialog; core never imports 'electron'),
// the memory of confirmed endpoints in <dataDir>/confirmed-engines.json (written only here, never
// through a contract channel), and holding back an engine found in settings.json until confirmed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineEndpointSetting } from '../../../shared/shell';
import type { EngineConnection } from './engine';
import type { EngineEndpoint } from './engine-endpoint';
import { confirmationKey, engineLocality, type EngineTransport } from './engine-locality';
import { writeJsonAtomic } from '../settings/settings-store';

export const CONFIRMED_ENGINES_FILE = 'confirmed-engines.json';

export interface EngineQuestion {
  /** The machine to name: host name or address, with the ssh user. */
  machine: string;
  /** The full address, as the CLI prints it: tcp://build.example.com:2375. */
  address: string;
  transport: EngineTransport;
  /** `change`: chosen in Settings just now; `startup`: found in settings.json when the app started. */
  when: 'change' | 'startup';
}

/** Answers true when the person chose to use the engine. */
export type AskEngine = (question: EngineQuestion) => Promise<boolean>;

export interface EngineConfirmationOptions {
  dataDir: string;
  ask: AskEngine;
  /** Loopback hosts to ask about anyway (see engineLocality); tests only, it can only add questions. */
  askAnyway?: readonly string[];
}

interface ConfirmedFile {
  version: 1;
  confirmed: Record<string, { confirmedAt: string }>;
}

export class EngineConfirmations {
  /** One dialog at a time: a second question waits for the first answer (which may settle it). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: EngineConfirmationOptions) {}

  get path(): string {
    return join(this.opts.dataDir, CONFIRMED_ENGINES_FILE);
  }

  /** Read afresh each time; a missing or damaged file confirms nothing (so it asks again). */
  private read(): ConfirmedFile {
    try {
      const raw = JSON.parse(readFileSync(this.path, 'utf8')) as Partial<ConfirmedFile>;
      if (raw && raw.version === 1 && raw.confirmed && typeof raw.confirmed === 'object') return raw as ConfirmedFile;
    } catch {
      // absent or damaged
    }
    return { version: 1, confirmed: {} };
  }

  /**
   * The question an endpoint needs before first use, or undefined: a local endpoint, `auto` (the
   * person chose DOCKER_HOST or the docker context outside the app), or one confirmed before.
   */
  questionFor(setting: EngineEndpointSetting, endpoint: EngineEndpoint, when: EngineQuestion['when']): EngineQuestion | undefined {
    if (setting.kind === 'auto') return undefined;
    const where = engineLocality(endpoint, this.opts.askAnyway);
    if (where.local) return undefined;
    if (Object.hasOwn(this.read().confirmed, confirmationKey(endpoint, where.transport))) return undefined;
    return { machine: where.machine, address: endpoint.host, transport: where.transport, when };
  }

  /** Whether the endpoint may be used: asks when it must; a yes is remembered for next time. */
  confirm(setting: EngineEndpointSetting, endpoint: EngineEndpoint, when: EngineQuestion['when']): Promise<boolean> {
    const answer = this.queue.then(async () => {
      const question = this.questionFor(setting, endpoint, when);
      if (!question) return true;
      let yes: boolean;
      try {
        yes = (await this.opts.ask(question)) === true;
      } catch {
        yes = false; // a dialog that could not be shown is not a yes
      }
      if (yes) {
        const file = this.read();
        file.confirmed[confirmationKey(endpoint, question.transport)] = { confirmedAt: new Date().toISOString() };
        // Not remembered (read-only folder) only means asking again next time.
        await writeJsonAtomic(this.path, file).catch(() => undefined);
      }
      return yes;
    });
    this.queue = answer.catch(() => undefined);
    return answer;
  }
}

/** The refusal of a Settings change the person declined (nothing was written or sent). */
export function engineChangeDeclined(endpoint: EngineEndpoint): string {
  return `The engine was not changed: you did not confirm ${endpoint.host}. Nothing was sent there and the settings are as they were.`;
}

/** Where the connection points while an engine from settings.json waits for the person's answer. */
export function awaitingEndpoint(endpoint: EngineEndpoint): EngineEndpoint {
  return {
    host: endpoint.host,
    source: endpoint.source,
    contextName: endpoint.contextName,
    problem: `Waiting for you to confirm the engine at ${endpoint.host} (named in settings.json): Stevedore sends nothing there until you do`,
  };
}

/** Where the connection points after the person declined an engine from settings.json. */
export function declinedEndpoint(endpoint: EngineEndpoint): EngineEndpoint {
  return {
    host: endpoint.host,
    source: endpoint.source,
    contextName: endpoint.contextName,
    problem: `Not connected: you did not confirm the engine at ${endpoint.host} named in settings.json. Choose another engine in Settings, or Reconnect to be asked again`,
  };
}

/**
 * An engine found in settings.json at start that needs the person's confirmation. Until it is
 * confirmed the connection points at an endpoint with a `problem` (no socket, no request, the
 * status says why); a yes switches the connection to it, a no leaves it unconnected (never a
 * silent fallback to another engine, whose images would then look like the chosen one's).
 */
export class HeldStartupEngine {
  private holding: EngineEndpoint;
  private asking: Promise<boolean> | undefined;

  constructor(
    private readonly engineConnection: () => EngineConnection,
    private readonly confirmations: EngineConfirmations,
    private readonly setting: EngineEndpointSetting,
    readonly endpoint: EngineEndpoint,
  ) {
    this.holding = awaitingEndpoint(endpoint);
  }

  /** The endpoint the connection starts with. */
  get startEndpoint(): EngineEndpoint {
    return this.holding;
  }

  /** Still held: the connection has not been pointed anywhere else (a Settings change) meanwhile. */
  get held(): boolean {
    return this.engineConnection().endpoint === this.holding;
  }

  /** A question about it is open now. */
  get open(): boolean {
    return this.asking !== undefined;
  }

  /** Asks (again; one question at a time); switches on a yes. Resolves whether it is now the engine in use. */
  ask(): Promise<boolean> {
    this.asking ??= this.askOnce().finally(() => {
      this.asking = undefined;
    });
    return this.asking;
  }

  private async askOnce(): Promise<boolean> {
    if (!this.held) return false;
    // The status says what the connection waits for (a `problem` endpoint: no socket is opened).
    void this.engineConnection().check();
    const yes = await this.confirmations.confirm(this.setting, this.endpoint, 'startup');
    const engine = this.engineConnection();
    if (engine.endpoint !== this.holding) return false; // the person chose another engine meanwhile
    if (yes) {
      await engine.reconfigure(this.endpoint);
      return true;
    }
    this.holding = declinedEndpoint(this.endpoint);
    await engine.reconfigure(this.holding);
    return false;
  }
}
