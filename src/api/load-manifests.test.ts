import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadManifests } from './load-manifests.js';
import { validateManifests } from './validate-manifests.js';

describe('loadManifests', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spillway-load-'));
    await mkdir(join(dir, 'nested', 'deeper'), { recursive: true });
    await writeFile(join(dir, 'a.yaml'), 'kind: A\n---\nkind: B\n');
    await writeFile(join(dir, 'nested', 'c.yml'), 'kind: C\n');
    await writeFile(join(dir, 'nested', 'deeper', 'd.json'), '{"kind": "D"}');
    await writeFile(join(dir, 'nested', 'notes.txt'), 'kind: ignored\n');
    await writeFile(
      join(dir, 'so.yaml'),
      [
        'apiVersion: keda.sh/v1alpha1',
        'kind: ScaledObject',
        'metadata:',
        '  name: so',
        'spec:',
        '  scaleTargetRef:',
        '    name: remote',
        '  pollingInterval: -1',
        '  triggers:',
        '  - type: kubernetes-workload',
        '    metadata:',
        "      podSelector: 'app=web'",
        "      value: '0'",
        '',
      ].join('\n'),
    );
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads folders recursively, only manifest extensions, files sorted', async () => {
    const loaded = await loadManifests([dir]);
    assert.deepEqual(loaded.issues, []);
    assert.deepEqual(
      loaded.files.map((f) => f.slice(dir.length + 1)),
      ['a.yaml', join('nested', 'c.yml'), join('nested', 'deeper', 'd.json'), 'so.yaml'],
    );
    assert.deepEqual(
      loaded.documents.map((d) => (d.object as { kind: string }).kind),
      ['A', 'B', 'C', 'D', 'ScaledObject'],
    );
  });

  it('reads only the top folder when not recursive', async () => {
    const loaded = await loadManifests([dir], { recursive: false });
    assert.deepEqual(
      loaded.files.map((f) => f.slice(dir.length + 1)),
      ['a.yaml', 'so.yaml'],
    );
  });

  it('reads a named file whatever its extension', async () => {
    const loaded = await loadManifests([join(dir, 'nested', 'notes.txt')]);
    assert.deepEqual(
      loaded.documents.map((d) => d.object),
      [{ kind: 'ignored' }],
    );
  });

  it('reports a missing path', async () => {
    const missing = join(dir, 'missing.yaml');
    const loaded = await loadManifests([missing]);
    assert.deepEqual(loaded.issues, [
      {
        file: missing,
        position: { line: 1, column: 1 },
        issue: { code: 'parse_error', path: [], message: 'no such file or directory' },
      },
    ]);
  });

  it('locates ScaledObject issues at file:line:column', async () => {
    const loaded = await loadManifests([join(dir, 'so.yaml')]);
    const report = validateManifests(loaded.documents);
    assert.deepEqual(
      report.issues.map((i) => [i.position.line, i.position.column, i.issue.path.join('.')]),
      [
        [8, 20, 'spec.pollingInterval'],
        [13, 14, 'spec.triggers.0.metadata.value'],
      ],
    );
  });
});
