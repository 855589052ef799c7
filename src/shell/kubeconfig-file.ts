import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify } from 'yaml';

/**
 * Writes a kubeconfig for the embedded API server that both kubectl and @kubernetes/client-node
 * accept: plain http with insecure-skip-tls-verify (client-node refuses http without it), a
 * placeholder token (loopback needs none), and namespace `default`. Mode 0600 like kubectl's.
 */
export async function writeKubeconfig(file: string, server: string): Promise<void> {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'spillway', cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'spillway', user: { token: 'spillway-local' } }],
    contexts: [{ name: 'spillway', context: { cluster: 'spillway', user: 'spillway', namespace: 'default' } }],
    'current-context': 'spillway',
  };
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, stringify(config), { mode: 0o600 });
  await chmod(file, 0o600);
}
