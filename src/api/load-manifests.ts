import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { LocatedIssue, ManifestDocument } from './manifest-documents.js';
import { parseManifestText } from './manifest-documents.js';

export interface LoadedManifests {
  /** Every object of every kind, in file order (files sorted by path). */
  readonly documents: readonly ManifestDocument[];
  /** Unreadable paths and YAML syntax errors. */
  readonly issues: readonly LocatedIssue[];
  readonly files: readonly string[];
}

const MANIFEST_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json'];

/**
 * Reads files and folders (recursively, `*.yaml`, `*.yml`, `*.json`) as `kubectl apply -f` would.
 * A file named explicitly is read whatever its extension. `recursive: false` reads only a folder's
 * own files: `examples/seed` without its `variants/`, whose ScaledObjects reuse the seed's names.
 */
export async function loadManifests(
  paths: readonly string[],
  options: { readonly recursive?: boolean } = {},
): Promise<LoadedManifests> {
  const recursive = options.recursive ?? true;
  const documents: ManifestDocument[] = [];
  const issues: LocatedIssue[] = [];
  const files: string[] = [];
  for (const path of paths) {
    const found = await manifestFiles(path, recursive);
    if (!found.ok) {
      issues.push({
        file: path,
        position: { line: 1, column: 1 },
        issue: { code: 'parse_error', path: [], message: found.message },
      });
      continue;
    }
    for (const file of found.files) {
      files.push(file);
      const parsed = parseManifestText(await readFile(file, 'utf8'), file);
      documents.push(...parsed.documents);
      issues.push(...parsed.issues);
    }
  }
  return { documents, issues, files };
}

type FoundFiles = { readonly ok: true; readonly files: string[] } | { readonly ok: false; readonly message: string };

async function manifestFiles(path: string, recursive: boolean): Promise<FoundFiles> {
  try {
    const info = await stat(path);
    if (!info.isDirectory()) return { ok: true, files: [path] };
    return { ok: true, files: await walk(path, recursive) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, message: code === 'ENOENT' ? 'no such file or directory' : `cannot read: ${String(error)}` };
  }
}

async function walk(folder: string, recursive: boolean): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const sorted = entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of sorted) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (recursive) files.push(...(await walk(path, recursive)));
    } else if (entry.isFile() && MANIFEST_EXTENSIONS.includes(extname(entry.name))) files.push(path);
  }
  return files;
}
