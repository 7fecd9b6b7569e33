// The API's OpenAPI document, as the server serves it, checked by an OpenAPI 3.1 validator
// (the JSON Schema of the specification, with every $ref resolved).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import { BASE } from './browser.mjs';

async function fetchDocument() {
  const res = await fetch(new URL('api/openapi.json', BASE));
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /application\/json/);
  return res.json();
}

test('the served OpenAPI document is valid OpenAPI 3.1', async () => {
  const doc = await fetchDocument();
  assert.match(doc.openapi, /^3\.1\./);
  const validator = new Validator();
  const result = await validator.validate(doc);
  assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  assert.equal(validator.version, '3.1');
  // Every reference points at something (the validator resolves them only when asked).
  assert.doesNotThrow(() => validator.resolveRefs());
});

test('it describes the submission with its idempotency header, example and error shape', async () => {
  const doc = await fetchDocument();
  const submit = doc.paths['/api/requests'].post;
  const key = submit.parameters.find((p) => p.name === 'Idempotency-Key');
  assert.equal(key.in, 'header');
  assert.equal(key.required, true);
  const body = submit.requestBody.content['application/json'];
  assert.equal(body.schema.$ref, '#/components/schemas/AssistanceRequest');
  assert.equal(body.example.company, '示例精密机械有限公司');
  const receipt = submit.responses['201'].content['application/json'];
  assert.equal(receipt.schema.$ref, '#/components/schemas/Receipt');
  assert.equal(receipt.example.status, 'submitted');
  assert.equal(submit.responses.default.$ref, '#/components/responses/Error');
  const error = doc.components.responses.Error.content['application/json'];
  assert.ok(error.schema, 'the error shape');
  assert.ok(doc.components.schemas.WireFieldError, 'the error entry');
  // The staff API: the session cookie and the CSRF header.
  const put = doc.paths['/api/admin/parks/{id}'].put;
  assert.deepEqual(put.security, [{ session: [] }]);
  assert.ok(put.parameters.some((p) => p.name === 'X-CSRF-Token' && p.in === 'header'));
  assert.equal(doc.components.securitySchemes.session.in, 'cookie');
});

test('the validator refuses a broken document (it can fail)', async () => {
  const doc = await fetchDocument();
  delete doc.info;
  doc.paths['/api/catalog'].get.responses = 'none';
  const result = await new Validator().validate(doc);
  assert.equal(result.valid, false);
});
