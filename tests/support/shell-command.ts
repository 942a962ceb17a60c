// Runs a copied "docker command" line in /bin/sh as a person would paste it: `docker` is the CLI
// under test, and the environment points at the test engine with a private DOCKER_CONFIG (never
// the user's engine or ~/.docker).
import { spawn } from 'node:child_process';
import { loadStackEnv, privateDockerConfig } from './stack';

export interface ShellResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runInShell(commandLine: string): Promise<ShellResult> {
  const stack = loadStackEnv();
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', `docker() { "$STEVEDORE_DOCKER_CLI" "$@"; }\n${commandLine}`], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        STEVEDORE_DOCKER_CLI: stack.dockerCli,
        DOCKER_HOST: stack.dockerHost,
        DOCKER_CONFIG: privateDockerConfig(),
        DOCKER_CLI_HINTS: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', (err) => (stderr += `${err.message}\n`));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
