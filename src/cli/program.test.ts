import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');

async function spillway(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [MAIN, ...args], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

describe('spillway CLI', () => {
  it('--version prints the package version', async () => {
    const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal((await spillway('--version')).trim(), manifest.version);
  });

  it('simulates the seed scenario over a day: every 5 s poll is accounted for, folded into a few entries', async () => {
    const report = JSON.parse(await spillway('simulate', 'examples/scenarios/seed-day.yaml', '-o', 'json')) as {
      durationSeconds: number;
      decisions: { loop: string; count: number; t: number; lastT: number }[];
      changes: { name: string; replicas: number }[];
    };
    assert.equal(report.durationSeconds, 86_400);
    const polls = report.decisions.filter((d) => d.loop === 'keda');
    // One poll at the start and one every pollingInterval (5 s) after it, the last at 24 h.
    assert.equal(
      polls.reduce((sum, d) => sum + d.count, 0),
      86_400 / 5 + 1,
    );
    assert.ok(report.decisions.length < 20, `${report.decisions.length} decision entries`);
    assert.equal(polls.at(-1)?.lastT, 86_400);
    assert.deepEqual(
      report.changes.filter((c) => c.name === 'remote').map((c) => c.replicas),
      [0, 1, 0],
    );
  });
});
