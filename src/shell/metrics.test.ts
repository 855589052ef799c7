import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { combineObservers, createControllerMetrics, scalerName } from './metrics.js';

describe('controller metrics', () => {
  it('keeps KEDA names and labels for measurements, counts errors and scale writes', async () => {
    const metrics = createControllerMetrics();
    const base = {
      scaledObject: 'default/web',
      triggerIndex: 0,
      triggerType: 'kubernetes-workload',
      metricName: 's0-workload-default',
    };
    metrics.observer.measurement({ ...base, value: 3, isActive: true });
    metrics.observer.measurement({ ...base, isActive: false, error: 'boom' });
    metrics.observer.decision({
      atMs: 0,
      scaledObject: 'default/web',
      loop: 'keda',
      rule: 'activate',
      target: 'apps/v1.Deployment default/remote',
      fromReplicas: 0,
      toReplicas: 1,
      reasons: [],
    });
    metrics.setPaused('default/web', true);
    const text = await metrics.registry.metrics();
    const labels =
      'namespace="default",scaledObject="web",scaler="kubernetesWorkloadScaler",triggerIndex="0",metric="s0-workload-default",type="scaledobject"';
    assert.match(text, new RegExp(`keda_scaler_metrics_value\\{${labels}\\} 3`));
    assert.match(text, new RegExp(`keda_scaler_active\\{${labels}\\} 1`));
    assert.match(text, new RegExp(`keda_scaler_errors_total\\{${labels}\\} 1`));
    assert.match(
      text,
      /keda_scaled_object_errors_total\{namespace="default",scaledObject="web",type="scaledobject"\} 1/,
    );
    assert.match(text, /keda_scaled_object_paused\{namespace="default",scaledObject="web",type="scaledobject"\} 1/);
    assert.match(text, /spillway_scale_writes_total\{namespace="default",scaledObject="web",loop="keda"\} 1/);
    assert.match(text, /spillway_decisions_total\{rule="activate"\} 1/);
  });

  it('drops every series of a ScaledObject once it is removed, and keeps the others', async () => {
    const metrics = createControllerMetrics();
    for (const scaledObject of ['default/web', 'default/api']) {
      const base = { scaledObject, triggerIndex: 0, triggerType: 'cron', metricName: 's0-cron' };
      metrics.observer.measurement({ ...base, value: 1, isActive: true });
      metrics.observer.measurement({ ...base, isActive: false, error: 'boom' });
      metrics.setPaused(scaledObject, false);
    }
    metrics.observer.removed({ scaledObject: 'default/web' });
    const text = await metrics.registry.metrics();
    assert.doesNotMatch(text, /scaledObject="web"/);
    for (const name of ['keda_scaler_metrics_value', 'keda_scaler_active', 'keda_scaled_object_paused']) {
      assert.match(text, new RegExp(`${name}\\{namespace="default",scaledObject="api"`));
    }
  });

  it('uses a private registry per instance', async () => {
    const a = createControllerMetrics();
    const b = createControllerMetrics();
    a.observer.error({ scaledObject: '', phase: 'event', message: 'x' });
    assert.match(await a.registry.metrics(), /spillway_controller_errors_total\{phase="event"\} 1/);
    assert.doesNotMatch(await b.registry.metrics(), /spillway_controller_errors_total\{/);
  });

  it('names scalers as KEDA does', () => {
    assert.equal(scalerName('kubernetes-workload'), 'kubernetesWorkloadScaler');
    assert.equal(scalerName('cpu'), 'cpuScaler');
  });

  it('a throwing observer does not starve the next one', () => {
    const seen: string[] = [];
    const combined = combineObservers(
      {
        error: () => {
          throw new Error('bad');
        },
      },
      { error: (r) => void seen.push(r.phase) },
    );
    combined.error({ scaledObject: '', phase: 'scale', message: '' });
    assert.deepEqual(seen, ['scale']);
  });
});
