import { spawn, execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** dist/test/e2e → the package root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const MAIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');
export const KUBECTL = process.env['SPILLWAY_KUBECTL'] ?? 'kubectl';

/** Short start-up latencies, written by the test rather than changed in the code. */
export const FAST_ENVIRONMENTS = `environments:
  - name: on-prem
    nodes: { count: 3, allocatable: { cpu: "4", memory: 16Gi, pods: "110" } }
    startup: { fixed: 200ms }
  - name: cloud
    runtimeClass: { name: kata-remote, handler: kata-remote }
    nodes: { count: 1, allocatable: { cpu: "64", memory: 256Gi, pods: "110", kata.peerpods.io/vm: "10" } }
    startup: { fixed: 1s }
`;

export interface Spawned {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the first match of `pattern` in stdout+stderr, or rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  exited(): Promise<number | null>;
}

export function spawnSpillway(args: readonly string[], cwd: string): Spawned {
  const child = spawn(process.execPath, [MAIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    text += chunk.toString();
    for (const l of listeners) l();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => text,
    exited: () => exit,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(text);
          if (match === null) return;
          cleanup();
          resolve(match);
        };
        const timer = globalThis.setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${String(pattern)}; output:\n${text}`));
        }, timeoutMs);
        const cleanup = () => {
          globalThis.clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exit.then(() => globalThis.setTimeout(check, 0));
        check();
      });
    },
  };
}

export async function tempDirWithEnvironments(): Promise<{ dir: string; environments: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'spillway-e2e-'));
  const environments = join(dir, 'environments.yaml');
  await writeFile(environments, FAST_ENVIRONMENTS);
  return { dir, environments };
}

export async function kubectl(kubeconfig: string, args: readonly string[]): Promise<string> {
  const { stdout } = await run(KUBECTL, [...args], {
    env: { ...process.env, KUBECONFIG: kubeconfig, HOME: dirname(kubeconfig) },
    timeout: 30_000,
  });
  return stdout;
}

/** Polls `read` until it returns `expected`; generous bounds, no speed assertion. */
export async function eventually(read: () => Promise<string>, expected: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let last = '';
  while (performance.now() < deadline) {
    try {
      last = (await read()).trim();
      if (last === expected) return;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => globalThis.setTimeout(resolve, 500));
  }
  throw new Error(`expected "${expected}", last saw "${last}"`);
}

export function stopProcess(spawned: Spawned, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (spawned.child.exitCode === null && spawned.child.signalCode === null) spawned.child.kill(signal);
  return spawned.exited();
}
