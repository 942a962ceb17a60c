// .github/workflows/ci.yml (CI for forks, where the Electron binary can be downloaded) cannot run
// here, so it is checked here: GitHub's own workflow parser (@actions/workflow-parser, the schema the
// Actions service and its VS Code extension use) must accept it and must reject a broken copy; then
// the jobs must do what the issue asks of them.
import { readFileSync } from 'node:fs';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const PATH = '.github/workflows/ci.yml';
const text = readFileSync(PATH, 'utf8');

/** Every error GitHub's parser and converter report for a workflow's text. */
async function workflowErrors(content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name: PATH, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (parsed.value && errors.length === 0) {
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    errors.push(...(template.errors ?? []).map((e) => e.Message));
  }
  return errors;
}

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on': string;
  container?: { image: string; options?: string };
  strategy?: { matrix: { os: string[] } };
  env?: Record<string, string>;
  steps: Step[];
}
const workflow = parse(text) as { on: Record<string, unknown>; jobs: Record<string, Job> };
const runs = (job: Job): string[] => job.steps.flatMap((s) => (s.run ? [s.run.trim()] : []));

describe('.github/workflows/ci.yml', () => {
  it("passes GitHub's workflow parser, which rejects a broken copy", async () => {
    expect(await workflowErrors(text)).toEqual([]);
    // The validator bites: an unknown job key, a step with neither run nor uses, a broken expression.
    const broken = async (from: string, to: string) => {
      expect(text).toContain(from);
      return (await workflowErrors(text.replace(from, to))).join('\n');
    };
    expect(await broken('    timeout-minutes: 120', '    timeout-minuets: 120')).toMatch(/Unexpected value 'timeout-minuets'/);
    expect(await broken('      - name: Unit tests\n        run:', '      - name: Unit tests\n        ran:')).toMatch(
      /Unexpected value 'ran'/,
    );
    expect(await broken('${{ matrix.os }}, unit', '${{ matrix.os ) }}, unit')).toMatch(/Unexpected symbol: '\)'/);
  });

  it('runs on pushes and pull requests of a fork, with read-only permissions', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    expect(parse(text).permissions).toEqual({ contents: 'read' });
  });

  it('Linux: the whole suite (npm test via .ci/run) with the Electron binary, as root, Xvfb from test-all.sh', () => {
    const linux = workflow.jobs.linux;
    expect(linux['runs-on']).toBe('ubuntu-latest');
    // Debian, privileged: the test stack installs Debian packages as root and runs its own dockerd.
    expect(linux.container?.image).toMatch(/^debian:bookworm/);
    expect(linux.container?.options).toContain('--privileged');
    // test-all.sh reads 0 as "download the binary", so the tests/electron suite runs.
    expect(linux.env?.ELECTRON_SKIP_BINARY_DOWNLOAD).toBe('0');
    expect(readFileSync('scripts/test-all.sh', 'utf8')).toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD:-1\}" = 0 \]/);
    expect(readFileSync('scripts/test-all.sh', 'utf8')).toContain('xvfb-run -a');
    expect(runs(linux)).toContain('bash .ci/run');
    expect(readFileSync('.ci/run', 'utf8')).toMatch(/^npm test$/m);
    expect(linux.steps.some((s) => s.uses?.startsWith('actions/checkout@'))).toBe(true);
  });

  it('Windows and macOS: unit tests, the build, then electron-builder --publish never, uploaded', () => {
    const installers = workflow.jobs.installers;
    expect(installers.strategy?.matrix.os).toEqual(['windows-latest', 'macos-latest']);
    expect(installers['runs-on']).toBe('${{ matrix.os }}');
    const commands = runs(installers);
    const order = ['npm ci', 'npx vitest run --project unit', 'npm run build', 'npx electron-builder --publish never'].map((c) =>
      commands.findIndex((r) => r.startsWith(c)),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // The binary is downloaded there (electron-builder packs it): no skip switch anywhere.
    expect(text).not.toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD: "?1/);
    const upload = installers.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(String(upload?.with?.path)).toMatch(/release\/\*\.exe[\s\S]*release\/\*\.dmg/);
  });
});
