import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The kubectl under test: $SPILLWAY_KUBECTL (scripts/ensure-tools.sh), else the one on PATH. */
export function kubectlBinary(): string {
  return process.env.SPILLWAY_KUBECTL ?? 'kubectl';
}

export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Kubectl {
  run(...args: string[]): Promise<KubectlResult>;
  /** Runs and fails the test on a non-zero exit, returning stdout. */
  ok(...args: string[]): Promise<string>;
  readonly kubeconfig: string;
  dispose(): Promise<void>;
}

/**
 * kubectl pointed at `serverUrl` through a temp kubeconfig, HOME and cache dir, so neither
 * ~/.kube/config nor a stale discovery cache from another run can leak in.
 */
export async function createKubectl(serverUrl: string): Promise<Kubectl> {
  const dir = await mkdtemp(join(tmpdir(), 'spillway-kubectl-'));
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: spillway',
      '  cluster:',
      `    server: ${serverUrl}`,
      '    insecure-skip-tls-verify: true',
      'users:',
      '- name: spillway',
      '  user:',
      '    token: dummy',
      'contexts:',
      '- name: spillway',
      '  context: {cluster: spillway, user: spillway, namespace: default}',
      'current-context: spillway',
      '',
    ].join('\n'),
  );
  const run = (...args: string[]) =>
    new Promise<KubectlResult>((resolve) => {
      execFile(
        kubectlBinary(),
        ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args],
        { timeout: 60_000, env: { ...process.env, HOME: dir, KUBECONFIG: kubeconfig } },
        (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
          resolve({ code, stdout, stderr });
        },
      );
    });
  return {
    kubeconfig,
    run,
    async ok(...args) {
      const result = await run(...args);
      if (result.code !== 0) {
        throw new Error(`kubectl ${args.join(' ')} exited ${result.code}: ${result.stderr}${result.stdout}`);
      }
      return result.stdout;
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A kubectl table as rows of cells (split on runs of 2+ spaces); the header is row 0. */
export function parseTable(output: string): string[][] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.trim().split(/\s{2,}/));
}
