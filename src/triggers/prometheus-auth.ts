import type { Issue } from '../lib/issues.js';
import type { Metadata } from './metadata.js';
import { readParam } from './metadata.js';

/**
 * `authModes` of KEDA's shared authentication config (scalers/authentication), as the Prometheus
 * trigger uses it. Secrets are read from metadata for now (TriggerAuthentication comes later).
 */
export type AuthMode = 'apiKey' | 'basic' | 'bearer' | 'custom' | 'oauth' | 'tls';

const AUTH_MODES: readonly AuthMode[] = ['apiKey', 'basic', 'bearer', 'custom', 'oauth', 'tls'];
const EXCLUSIVE: readonly AuthMode[] = ['bearer', 'basic', 'oauth'];

export type PrometheusAuth = {
  readonly modes: readonly AuthMode[];
  readonly bearerToken?: string;
  readonly basic?: { readonly username: string; readonly password: string };
  readonly custom?: { readonly header: string; readonly value: string };
  readonly tls?: { readonly cert: string; readonly key: string; readonly ca?: string };
};

/** The parameter names KEDA looks up; the first one present wins. */
const MODES_KEYS = ['authModes', 'authMode'] as const;

export function parsePrometheusAuth(metadata: Metadata, issues: Issue[]): PrometheusAuth {
  const key = MODES_KEYS.find((candidate) => readParam(metadata, candidate) !== undefined) ?? 'authModes';
  const text = readParam(metadata, key);
  if (text === undefined) return { modes: [] };
  const listed = text.split(',').map((mode) => mode.trim());
  const unknown = listed.filter((mode) => !(AUTH_MODES as readonly string[]).includes(mode));
  if (unknown.length > 0) {
    issues.push({
      code: 'invalid_value',
      path: [key],
      message: `expected a comma-separated list of ${AUTH_MODES.join(', ')}, received ${JSON.stringify(text)}`,
      expected: AUTH_MODES.join(', '),
      received: text,
    });
    return { modes: [] };
  }
  const modes = listed as AuthMode[];
  const exclusive = EXCLUSIVE.filter((mode) => modes.includes(mode));
  if (exclusive.length > 1) {
    issues.push({
      code: 'invalid_value',
      path: [key],
      message: `expected at most one of bearer, basic and oauth, received ${JSON.stringify(text)}`,
      expected: 'at most one of bearer, basic, oauth',
      received: text,
    });
  }
  const need = (param: string, mode: AuthMode): string => {
    const value = readParam(metadata, param);
    if (value === undefined) {
      issues.push({
        code: 'required',
        path: [param],
        message: `required with authModes ${mode}`,
        expected: `a value for ${param}`,
      });
    }
    return value ?? '';
  };
  let auth: PrometheusAuth = { modes };
  if (modes.includes('bearer')) auth = { ...auth, bearerToken: need('bearerToken', 'bearer') };
  if (modes.includes('basic')) {
    // KEDA's basic auth requires a username; the password may be empty.
    auth = { ...auth, basic: { username: need('username', 'basic'), password: readParam(metadata, 'password') ?? '' } };
  }
  if (modes.includes('custom')) {
    auth = {
      ...auth,
      custom: { header: need('customAuthHeader', 'custom'), value: need('customAuthValue', 'custom') },
    };
  }
  if (modes.includes('tls')) {
    const ca = readParam(metadata, 'ca');
    auth = {
      ...auth,
      tls: { cert: need('cert', 'tls'), key: need('key', 'tls'), ...(ca === undefined ? {} : { ca }) },
    };
  }
  // oauth and apiKey are accepted, as by KEDA's shared config, but its Prometheus request never applies them.
  return auth;
}

/** The Authorization or custom header the request carries; bearer, then basic, then custom, as in KEDA. */
export function authHeaders(auth: PrometheusAuth): Record<string, string> {
  if (auth.bearerToken !== undefined) return { Authorization: `Bearer ${auth.bearerToken}` };
  if (auth.basic !== undefined) {
    const encoded = Buffer.from(`${auth.basic.username}:${auth.basic.password}`, 'utf8').toString('base64');
    return { Authorization: `Basic ${encoded}` };
  }
  if (auth.custom !== undefined) return { [auth.custom.header]: auth.custom.value };
  return {};
}
