import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { checkSelfCountingSelectors, collectWorkloadTemplates } from './lint-manifests.js';
import { loadManifests } from './load-manifests.js';
import { parseScaledObject } from './parse-scaled-object.js';
import { seedScaledObject } from './scaled-object-fixtures.js';
import type { ScaledObject } from './scaled-object.js';
import { validateManifests } from './validate-manifests.js';

const SEED = fileURLToPath(new URL('../../../examples/seed', import.meta.url));

function remote(labels: Record<string, string>, extra: { kind?: string; namespace?: string } = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: extra.kind ?? 'Deployment',
    metadata: { name: 'remote', ...(extra.namespace !== undefined && { namespace: extra.namespace }) },
    spec: { template: { metadata: { labels } } },
  };
}

function seed(): ScaledObject {
  const result = parseScaledObject(seedScaledObject());
  assert.ok(result.ok);
  return result.value;
}

describe('self-counting podSelector lint', () => {
  it('passes the seed manifests clean', async () => {
    const loaded = await loadManifests([SEED]);
    assert.deepEqual(loaded.issues, []);
    const report = validateManifests(loaded.documents);
    assert.deepEqual(report.issues, []);
    assert.equal(report.scaledObjects, 3);
  });

  it('warns when the remote template lacks the environment label, naming the label to add', () => {
    const issues = checkSelfCountingSelectors(seed(), collectWorkloadTemplates([remote({ app: 'my-web-app' })]));
    assert.deepEqual(issues, [
      {
        code: 'self_counting_selector',
        severity: 'warning',
        path: ['spec', 'triggers', 0, 'metadata', 'podSelector'],
        message:
          'podSelector "app=my-web-app, environment notin (cloud)" also matches the pod template of the scale target ' +
          'Deployment "remote" (labels: app=my-web-app), so its pods would count themselves and keep it scaled out; ' +
          'add the label "environment: cloud" to the target\'s pod template (spec.template.metadata.labels)',
        expected: 'a selector that excludes the pods of Deployment "remote"',
        received: '"app=my-web-app, environment notin (cloud)"',
      },
    ]);
  });

  it('says "set" when the label is there with another value', () => {
    const [issue] = checkSelfCountingSelectors(
      seed(),
      collectWorkloadTemplates([remote({ app: 'my-web-app', environment: 'edge' })]),
    );
    assert.match(issue?.message ?? '', /set the label "environment: cloud"/);
  });

  it('is silent when the target is in another namespace, or is not the scale target', () => {
    assert.deepEqual(
      checkSelfCountingSelectors(
        seed(),
        collectWorkloadTemplates([remote({ app: 'my-web-app' }, { namespace: 'other' })]),
      ),
      [],
    );
    assert.deepEqual(
      checkSelfCountingSelectors(
        seed(),
        collectWorkloadTemplates([{ ...remote({ app: 'my-web-app' }), metadata: { name: 'on-prem' } }]),
      ),
      [],
    );
  });

  it('checks StatefulSets too when the scale target is one', () => {
    const so = seed();
    const statefulSetTarget: ScaledObject = {
      ...so,
      spec: { ...so.spec, scaleTargetRef: { ...so.spec.scaleTargetRef, kind: 'StatefulSet' } },
    };
    const issues = checkSelfCountingSelectors(
      statefulSetTarget,
      collectWorkloadTemplates([remote({ app: 'my-web-app' }, { kind: 'StatefulSet' })]),
    );
    assert.equal(issues.length, 1);
  });
});
