// Owns reaching an engine at ssh://[user@]host[:port][/socket] the way the docker CLI does
// (cli/connhelper): the system `ssh` runs `docker system dial-stdio` on the host, and HTTP goes
// over its stdin/stdout, one ssh process per connection. So known_hosts, ~/.ssh/config, agents,
// jump hosts and ControlMaster work exactly as for `docker -H ssh://...`, and an unknown or
// changed host key stops the connection before anything is sent.
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, type ClientRequest } from 'node:http';
import { Duplex } from 'node:stream';
import type { DockerOptions } from 'dockerode';
import { CoreError } from './engine-errors';

export interface SshSpec {
  user?: string;
  host: string;
  port?: string;
  /** The engine socket on the remote host (`docker --host=unix://<path>`), when the URL names one. */
  socketPath?: string;
}

export interface SshTransportOptions {
  /**
   * An ssh_config file used instead of ~/.ssh/config (`ssh -F`). Unset, ssh reads the person's
   * own config, as the CLI's does; the environment variable STEVEDORE_SSH_CONFIG sets it (tests).
   */
  configFile?: string;
}

// A user, host or path taken from a URL becomes an argument of ssh, or a word of the remote
// shell command: nothing may read as an option (`-oProxyCommand=...`) or as shell syntax there.
const USER = /^[A-Za-z0-9_][A-Za-z0-9._@\\$-]*$/;
const HOSTNAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;
const SOCKET_PATH = /^\/[A-Za-z0-9._/-]*$/;

const invalid = (url: string, why: string) => new CoreError('INVALID_ARGUMENT', `invalid SSH URL ${JSON.stringify(url)}: ${why}`);

/** The CLI's ssh.ParseURL, stricter: anything ssh or a shell could read as more than a name is refused. */
export function parseSshUrl(url: string): SshSpec {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw invalid(url, 'not a URL');
  }
  if (u.protocol !== 'ssh:') throw invalid(url, `incorrect scheme: ${u.protocol.replace(/:$/, '')}`);
  if (u.password) throw invalid(url, 'plain-text password is not supported');
  if (u.search) throw invalid(url, `query parameters are not allowed: ${JSON.stringify(u.search.slice(1))}`);
  if (u.hash) throw invalid(url, `fragments are not allowed: ${JSON.stringify(u.hash.slice(1))}`);
  let host = u.hostname;
  if (!host) throw invalid(url, 'hostname is empty');
  const bracketed = host.startsWith('[') && host.endsWith(']');
  if (bracketed) host = host.slice(1, -1);
  if (!(bracketed ? IPV6.test(host) : HOSTNAME.test(host))) throw invalid(url, `not a host name: ${JSON.stringify(host)}`);
  let user: string | undefined;
  if (u.username) {
    try {
      user = decodeURIComponent(u.username);
    } catch {
      throw invalid(url, 'the user name is not valid percent-encoding');
    }
    if (!USER.test(user)) throw invalid(url, `not a user name: ${JSON.stringify(user)}`);
  }
  const path = u.pathname;
  let socketPath: string | undefined;
  if (path.replace(/\/+/g, '') !== '') {
    if (!SOCKET_PATH.test(path)) throw invalid(url, `not a socket path: ${JSON.stringify(path)}`);
    socketPath = path;
  }
  return { user, host, port: u.port || undefined, socketPath };
}

/**
 * ssh's argument list, as the CLI builds it (`-l user -p port <flags> -- host <remote command>`),
 * with its ConnectTimeout=30 and -T (no pseudo-terminal, so no login shell). Ours adds
 * BatchMode=yes, which the CLI leaves out because a terminal can prompt: this app has no terminal,
 * so a host key ssh does not know, a passphrase or a password must fail at once with ssh's words
 * instead of waiting forever for an answer no one can give. Keys come from the agent or the
 * config's IdentityFile; StrictHostKeyChecking stays whatever the person's config says.
 */
export function sshArgs(spec: SshSpec, opts: SshTransportOptions = {}): string[] {
  const args: string[] = [];
  if (opts.configFile) args.push('-F', opts.configFile);
  if (spec.user) args.push('-l', spec.user);
  if (spec.port) args.push('-p', spec.port);
  args.push('-o', 'ConnectTimeout=30', '-o', 'BatchMode=yes', '-T');
  const remote = spec.socketPath ? `docker --host=unix://${spec.socketPath} system dial-stdio` : 'docker system dial-stdio';
  args.push('--', spec.host, remote);
  return args;
}

/** How a connection is named in errors: user@host:port, as typed. */
function target(spec: SshSpec): string {
  const host = spec.host.includes(':') ? `[${spec.host}]` : spec.host;
  return `${spec.user ? `${spec.user}@` : ''}${host}${spec.port ? `:${spec.port}` : ''}`;
}

const STDERR_KEPT = 8 * 1024;

/** ssh's own words, on one line: without the @@@ banner lines and the "Permanently added" notes. */
export function sshWords(stderr: string): string {
  return stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^@+$/.test(l) && !/^Warning: Permanently added /.test(l))
    .join(' ');
}

/** An ssh that ended before the engine said anything: ENGINE_UNREACHABLE in ssh's words. */
export function sshFailure(spec: SshSpec, stderr: string, exit: { code: number | null; signal: NodeJS.Signals | null }): CoreError {
  const words = sshWords(stderr) || (exit.signal ? `ssh was ended by ${exit.signal}` : `ssh exited with code ${exit.code}`);
  let hint = '';
  if (/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|host key is known|Host key for .* has changed/i.test(words)) {
    const port = spec.port ? `-p ${spec.port} ` : '';
    hint = ` Check the host's key and accept it in a terminal first (ssh ${port}${spec.user ? `${spec.user}@` : ''}${spec.host}); Stevedore never accepts host keys itself.`;
  } else if (/command not found|docker: not found|No such file or directory/i.test(words)) {
    hint = ' The remote host needs Docker 18.09 or later (docker system dial-stdio).';
  }
  return new CoreError('ENGINE_UNREACHABLE', `ssh ${target(spec)} failed: ${words}${hint}`);
}

/** The idle time after which a kept-alive ssh connection is closed. */
const IDLE_MS = 30_000;
/** How long a killed ssh gets to end before SIGKILL. */
const KILL_GRACE_MS = 3_000;

/**
 * One ssh process as a socket for Node's HTTP client: writes go to ssh's stdin, reads come from
 * its stdout. An ssh that exits before a single byte arrived fails the socket with its stderr;
 * destroying the socket (abort, cancel, idle) ends the process.
 */
export class SshConnection extends Duplex {
  private readonly child: ChildProcess;
  private received = false;
  private stderr = '';
  private stdinBroken = false;
  /** In the agent's pool, waiting for a request (nobody reads it). */
  private pooled = false;
  private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private timeoutMs = 0;
  private timeoutTimer: NodeJS.Timeout | undefined;
  private timeoutCallback: (() => void) | undefined;

  constructor(
    private readonly spec: SshSpec,
    opts: SshTransportOptions = {},
  ) {
    super({ allowHalfOpen: true });
    this.child = spawn('ssh', sshArgs(spec, opts), { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const { stdin, stdout, stderr } = this.child;
    // ssh's stdin fails with EPIPE when ssh has gone: the exit, with ssh's words, reports why.
    stdin?.on('error', () => {
      this.stdinBroken = true;
    });
    stdout?.on('error', (err) => this.destroy(err));
    stderr?.on('error', () => undefined);
    stderr?.setEncoding('utf8');
    stderr?.on('data', (s: string) => {
      this.stderr = (this.stderr + s).slice(-STDERR_KEPT);
    });
    stdout?.on('data', (chunk: Buffer) => {
      this.received = true;
      this.touch();
      if (!this.push(chunk)) stdout.pause();
    });
    stdout?.on('end', () => {
      // Nothing came: wait for the exit, which says why (host key, refused, no docker).
      if (this.received) this.push(null);
    });
    this.child.on('error', (err: NodeJS.ErrnoException) => {
      this.exit ??= { code: null, signal: null };
      this.destroy(
        err.code === 'ENOENT'
          ? new CoreError(
              'ENGINE_UNREACHABLE',
              'ssh was not found: ssh:// engines are reached with the system OpenSSH client (ssh on the PATH).',
            )
          : err,
      );
    });
    this.child.on('close', (code, signal) => {
      this.exit = { code, signal };
      if (this.destroyed) return;
      if (!this.received) this.destroy(sshFailure(this.spec, this.stderr, this.exit));
      // A kept-alive connection whose ssh ended leaves the pool at once; one in use ends once read.
      else if (this.pooled || this.readableEnded) this.destroy();
      else this.once('end', () => this.destroy());
    });
  }

  /** Whether the ssh process has ended (a kept-alive connection that can no longer be used). */
  get ended(): boolean {
    return this.exit !== undefined;
  }

  override _read(): void {
    this.child.stdout?.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    this.touch();
    if (this.exit) return done(sshFailure(this.spec, this.stderr, this.exit));
    if (this.stdinBroken || !this.child.stdin || this.child.stdin.destroyed) return done();
    this.child.stdin.write(chunk, () => done());
  }

  override _final(done: (err?: Error | null) => void): void {
    // dial-stdio closes its write side to the engine and keeps reading the answer.
    if (this.child.stdin && !this.child.stdin.destroyed) this.child.stdin.end();
    done();
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.timeoutTimer);
    if (!this.exit) {
      const child = this.child;
      child.stdin?.destroy();
      child.stdout?.destroy();
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
      force.unref();
      child.once('exit', () => clearTimeout(force));
    }
    done(err);
  }

  /** Kept alive for the next request: closes itself after `ms` unless reused; never holds the process open. */
  idle(ms: number): void {
    clearTimeout(this.idleTimer);
    this.pooled = true;
    this.idleTimer = setTimeout(() => this.destroy(), ms);
    this.idleTimer.unref();
    this.unref();
  }

  /** Taken again from the pool. */
  busy(): void {
    clearTimeout(this.idleTimer);
    this.pooled = false;
    this.ref();
  }

  ref(): this {
    for (const h of [this.child, this.child.stdin, this.child.stdout, this.child.stderr]) (h as { ref?: () => void } | null)?.ref?.();
    return this;
  }

  unref(): this {
    for (const h of [this.child, this.child.stdin, this.child.stdout, this.child.stderr]) (h as { unref?: () => void } | null)?.unref?.();
    return this;
  }

  // What Node's HTTP client and agent call on a net.Socket.
  setKeepAlive(): this {
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  /** Like net.Socket: 'timeout' after `ms` without a byte either way (0 turns it off). */
  setTimeout(ms: number, callback?: () => void): this {
    if (this.timeoutCallback) this.removeListener('timeout', this.timeoutCallback);
    this.timeoutCallback = callback;
    if (callback) this.once('timeout', callback);
    this.timeoutMs = ms;
    this.touch();
    return this;
  }

  private touch(): void {
    clearTimeout(this.timeoutTimer);
    if (this.timeoutMs > 0 && !this.destroyed) {
      this.timeoutTimer = setTimeout(() => this.emit('timeout'), this.timeoutMs);
      this.timeoutTimer.unref();
    }
  }
}

/**
 * The http.Agent dockerode's modem uses for an ssh engine: each connection is an ssh process.
 * Connections are kept for the next request (an ssh handshake costs far more than a request),
 * at most MAX_SOCKETS at once, so a burst stays under sshd's MaxStartups (10) and reuses them.
 */
const MAX_SOCKETS = 8;

export class SshAgent extends Agent {
  constructor(
    readonly spec: SshSpec,
    private readonly opts: SshTransportOptions = {},
  ) {
    super({ keepAlive: true, maxSockets: MAX_SOCKETS, maxFreeSockets: 4 });
  }

  override createConnection(): Duplex {
    return new SshConnection(this.spec, this.opts);
  }

  override keepSocketAlive(socket: Duplex): boolean {
    if (!(socket instanceof SshConnection) || socket.ended) return false;
    socket.idle(IDLE_MS);
    return true;
  }

  override reuseSocket(socket: Duplex, request: ClientRequest): void {
    if (socket instanceof SshConnection) socket.busy();
    super.reuseSocket(socket as never, request);
  }
}

/**
 * dockerode options for an ssh engine: plain HTTP over the agent's ssh processes. The host is the
 * CLI's placeholder name (a .localhost name, never resolved: the agent makes every connection).
 */
export function sshDockerOptions(url: string, env: NodeJS.ProcessEnv = process.env): DockerOptions {
  const spec = parseSshUrl(url);
  const agent = new SshAgent(spec, { configFile: env.STEVEDORE_SSH_CONFIG || undefined });
  return { protocol: 'http', host: 'api.moby.localhost', port: 80, agent } as DockerOptions;
}
