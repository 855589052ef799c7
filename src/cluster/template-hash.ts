const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** JSON with sorted keys, so the same template always hashes the same whatever order fields arrived in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

// A stored template is frozen and shared by every later version of its Deployment, which is
// reconciled on every ReplicaSet change: hash it once.
const hashes = new WeakMap<object, string>();

/** FNV-1a over the canonical template, spelt in the vowel-free alphabet Kubernetes uses for `pod-template-hash`. */
export function templateHash(template: unknown): string {
  const frozen = typeof template === 'object' && template !== null && Object.isFrozen(template);
  const known = frozen ? hashes.get(template) : undefined;
  if (known !== undefined) return known;
  const hash = hashOf(template);
  if (frozen) hashes.set(template, hash);
  return hash;
}

function hashOf(template: unknown): string {
  let hash = 0x811c9dc5;
  const text = canonical(template);
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  let out = '';
  for (let i = 0; i < 10; i++) {
    out += ALPHABET[hash % ALPHABET.length];
    hash = Math.floor(hash / ALPHABET.length) ^ (Math.imul(hash, 31 + i) >>> 0);
    hash >>>= 0;
  }
  return out;
}
