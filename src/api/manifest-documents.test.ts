import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseManifestText } from './manifest-documents.js';

const TEXT = `# two documents
apiVersion: v1
kind: Service
metadata:
  name: web
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: so
spec:
  minReplicaCount: "1"
  scaleTargetRef:
    name: remote
  triggers:
  - type: kubernetes-workload
    metadata:
      podSelector: 'app=web'
---
`;

describe('parseManifestText', () => {
  it('returns every document with its file and index, skipping empty ones', () => {
    const parsed = parseManifestText(TEXT, 'm.yaml');
    assert.deepEqual(parsed.issues, []);
    assert.deepEqual(
      parsed.documents.map((d) => [d.file, d.index, (d.object as { kind: string }).kind]),
      [
        ['m.yaml', 0, 'Service'],
        ['m.yaml', 1, 'ScaledObject'],
      ],
    );
  });

  it('maps paths to line:column (scalars at the value, collections at their key)', () => {
    const so = parseManifestText(TEXT, 'm.yaml').documents[1];
    assert.ok(so !== undefined);
    assert.deepEqual(so.locate(['spec', 'minReplicaCount']), { line: 12, column: 20 });
    assert.deepEqual(so.locate(['spec', 'scaleTargetRef']), { line: 13, column: 3 });
    assert.deepEqual(so.locate(['spec', 'triggers', 0, 'metadata', 'podSelector']), { line: 18, column: 20 });
    assert.deepEqual(so.locate(['spec', 'triggers', 0]), { line: 16, column: 5 });
  });

  it('maps a missing field to its closest written parent', () => {
    const so = parseManifestText(TEXT, 'm.yaml').documents[1];
    assert.deepEqual(so?.locate(['spec', 'triggers', 0, 'metadata', 'value']), { line: 17, column: 5 });
    assert.deepEqual(so?.locate(['spec', 'triggers', 3, 'type']), { line: 15, column: 3 });
    assert.deepEqual(so?.locate([]), { line: 7, column: 1 });
  });

  it('reports YAML syntax errors with their position and keeps the good documents', () => {
    const parsed = parseManifestText('kind: A\n---\nkind: B\n  bad: [1\n---\nkind: C\n', 'bad.yaml');
    assert.deepEqual(
      parsed.documents.map((d) => d.object),
      [{ kind: 'A' }, { kind: 'C' }],
    );
    assert.ok(parsed.issues.length >= 1);
    const [first] = parsed.issues;
    assert.equal(first?.file, 'bad.yaml');
    assert.equal(first?.issue.code, 'parse_error');
    assert.deepEqual(first?.position, { line: 3, column: 7 });
    assert.match(first?.issue.message ?? '', /^YAML: /);
    assert.doesNotMatch(first?.issue.message ?? '', /at line/);
  });

  it('reads JSON and expands kind: List, locating items inside the list', () => {
    const json =
      '{\n  "kind": "List",\n  "items": [\n    {"kind": "Service", "metadata": {"name": "a"}},\n    {"kind": "Deployment", "metadata": {"name": "b"}}\n  ]\n}\n';
    const parsed = parseManifestText(json, 'l.json');
    assert.deepEqual(
      parsed.documents.map((d) => (d.object as { kind: string }).kind),
      ['Service', 'Deployment'],
    );
    assert.deepEqual(parsed.documents[1]?.locate(['metadata', 'name']), { line: 5, column: 49 });
  });
});
