/**
 * `/openapi/v2`. kubectl asks for protobuf; an empty body is a valid empty document, so validation
 * finds no schema and kubectl falls back to its built-in types (notes §3.2). The reply must use the
 * `.v1.0` subtype: Go's mime parser rejects the `@v1.0` form kubectl puts in Accept. JSON readers get
 * a minimal Swagger 2.0 document.
 */
export function openApiV2(accept: string): Response {
  if (accept.includes('protobuf')) {
    return new Response(new Uint8Array(0), {
      status: 200,
      headers: { 'content-type': 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf' },
    });
  }
  const body = { swagger: '2.0', info: { title: 'spillway', version: 'v1.32.0' }, paths: {}, definitions: {} };
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
}
