import type { JsonObject } from '../cluster/json.js';
import { isJsonObject } from '../cluster/json.js';
import { badRequest, unsupportedMediaType } from './status.js';

export const MERGE_PATCH = 'application/merge-patch+json';
export const JSON_PATCH = 'application/json-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
export const APPLY_PATCH = 'application/apply-patch+yaml';

/** The media type without parameters (`application/json; charset=utf-8` → `application/json`). */
export function mediaType(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Parses a JSON body; malformed JSON is a 400 as in the apiserver, not a 500. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw badRequest(`the body of the request could not be decoded as JSON: ${(error as Error).message}`);
  }
}

/** A create/update body: JSON only (no protobuf), and an object. */
export async function readObjectBody(request: Request): Promise<JsonObject> {
  const type = mediaType(request);
  if (type !== '' && type !== 'application/json' && type !== '*/*') {
    throw unsupportedMediaType(['application/json']);
  }
  const body = await readJson(request);
  if (!isJsonObject(body)) throw badRequest('the request body must be a JSON object');
  return body;
}
