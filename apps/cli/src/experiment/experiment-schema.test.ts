import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMPONENT_TYPES, experimentFileSchema, experimentJsonSchema } from './experiment-schema.js';

const shipped = new URL('../../experiment.schema.json', import.meta.url);

describe('the JSON Schema of experiment files', () => {
  const document = experimentJsonSchema();

  it('is the file the package ships (regenerate it with `pnpm --filter @bosonic/cli schema` after a build)', () => {
    expect(JSON.parse(readFileSync(shipped, 'utf8'))).toEqual(document);
  });

  it('is a self-contained draft-07 document: plain JSON, the nested steps referenced by their $id', () => {
    expect(document.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
    const text = JSON.stringify(document);
    expect(text).toContain('"$id":"Step"');
    expect(text).toContain('"$ref":"Step"');
  });

  it('requires only m, and refuses keys it does not name (a misspelt key is an error, not ignored)', () => {
    expect(experimentFileSchema.required).toEqual(['m']);
    expect(document.additionalProperties).toBe(false);
  });

  it('names every component type the reader builds', () => {
    const text = JSON.stringify(document);
    for (const type of COMPONENT_TYPES) expect(text).toContain(`"const":"${type}"`);
  });
});
