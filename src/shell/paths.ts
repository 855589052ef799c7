import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, from both `src/shell/` (tsx) and `dist/src/shell/` (built). */
export function packageRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const up = here.includes(`${join('dist', 'src')}`) ? ['..', '..', '..'] : ['..', '..'];
  return join(here, ...up);
}

export function defaultSeedManifests(): string {
  return join(packageRoot(), 'examples', 'seed');
}
