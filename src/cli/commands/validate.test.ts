import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const MAIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');

async function spillway(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [MAIN, ...args], { cwd: ROOT });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '' };
  }
}

const BROKEN = `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: broken
spec:
  scaleTargetRef:
    name: remote
  maxReplicaCount: 0
  triggers:
  - type: kubernetes-workload
    metadata:
      podSelector: 'app=web, environment notin (cloud)'
      value: '3'
  - type: kafka
    metadata: {}
`;

const SELF_COUNTING = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: remote
spec:
  template:
    metadata:
      labels:
        app: web
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: so
spec:
  scaleTargetRef:
    name: remote
  triggers:
  - type: kubernetes-workload
    metadata:
      podSelector: 'app=web, environment notin (cloud)'
      value: '3'
`;

describe('spillway validate', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spillway-validate-'));
    await writeFile(join(dir, 'broken.yaml'), BROKEN);
    await writeFile(join(dir, 'self-counting.yaml'), SELF_COUNTING);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('passes the seed examples', async () => {
    const { code, stdout } = await spillway('validate', '-f', 'examples/seed');
    assert.equal(code, 0, stdout);
    assert.equal(stdout, '0 errors, 0 warnings in 3 ScaledObjects (7 documents, 7 files)\n');
  });

  it('prints file:line:column: path: message for each error and exits 1', async () => {
    const file = join(dir, 'broken.yaml');
    const { code, stdout } = await spillway('validate', '-f', file);
    assert.equal(code, 1);
    assert.deepEqual(stdout.split('\n'), [
      `${file}:8:20: spec.maxReplicaCount: expected an integer ≥ 1, received 0`,
      `${file}:14:11: spec.triggers[1].type: unknown trigger type "kafka"; supported types: cpu, cron, kubernetes-workload, memory, prometheus`,
      '2 errors, 0 warnings in 1 ScaledObject (1 document, 1 file)',
      '',
    ]);
  });

  it('prints warnings prefixed and exits 0 when there are only warnings', async () => {
    const file = join(dir, 'self-counting.yaml');
    const { code, stdout } = await spillway('validate', '-f', file);
    assert.equal(code, 0);
    const lines = stdout.split('\n');
    assert.match(
      lines[0] ?? '',
      new RegExp(
        `^warning: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:21:20: spec\\.triggers\\[0\\]\\.metadata\\.podSelector: podSelector "app=web, environment notin \\(cloud\\)" also matches`,
      ),
    );
    assert.match(lines[0] ?? '', /add the label "environment: cloud"/);
    assert.equal(lines[1], '0 errors, 1 warning in 1 ScaledObject (2 documents, 1 file)');
  });

  it('emits JSON with --output json', async () => {
    const { code, stdout } = await spillway('validate', '-f', join(dir, 'broken.yaml'), '--output', 'json');
    assert.equal(code, 1);
    const parsed = JSON.parse(stdout) as { issues: Record<string, unknown>[]; summary: Record<string, number> };
    assert.deepEqual(parsed.summary, { files: 1, documents: 1, scaledObjects: 1, errors: 2, warnings: 0 });
    assert.deepEqual(parsed.issues[0], {
      file: join(dir, 'broken.yaml'),
      line: 8,
      column: 20,
      severity: 'error',
      code: 'too_small',
      path: 'spec.maxReplicaCount',
      pathSegments: ['spec', 'maxReplicaCount'],
      message: 'expected an integer ≥ 1, received 0',
      expected: 'an integer ≥ 1',
      received: '0',
    });
  });

  it('fails on a path with no manifests', async () => {
    const { code, stdout } = await spillway('validate', '-f', join(dir, 'nope'));
    assert.equal(code, 1);
    assert.match(stdout, /nope:1:1: no such file or directory/);
  });
});
