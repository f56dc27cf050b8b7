// The JSON Schema editors check offer files with must say what the engine accepts: the same
// facts, operators, statuses and fields. Adding a fact or a status without the schema fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../../cli/rules-on-disk.ts';
import { FACT_NAMES, OPERATOR_NAMES } from '../../shared/engine/catalogue.ts';
import { EXAMPLE_ASK_KEYS, OFFER_FILE_KEYS } from '../../shared/engine/offer-file.ts';
import { LABELLED_BY_REASON, STATUS_SENTENCES, VOUCHER_STATUSES } from '../../shared/engine/wording.ts';

interface Schema {
  properties: Record<string, { properties?: Record<string, { properties: Record<string, unknown> }> }>;
  definitions: {
    factName: { enum: string[] };
    operator: { enum: string[] };
    example: { properties: { ask: { properties: Record<string, unknown> }; expect: { properties: { status: { enum: string[] } } } } };
  };
}

const schema = JSON.parse(readFileSync(join(ROOT, 'rules/schema/offer.schema.json'), 'utf8')) as Schema;

it('the schema names the catalogue\'s facts and operators, no more, no fewer', () => {
  expect(schema.definitions.factName.enum.sort()).toEqual([...FACT_NAMES].sort());
  expect(schema.definitions.operator.enum.sort()).toEqual([...OPERATOR_NAMES].sort());
});

it('the schema knows every field of an offer file, of an example question, and every status sentence', () => {
  expect(Object.keys(schema.properties).sort()).toEqual([...OFFER_FILE_KEYS].sort());
  expect(Object.keys(schema.definitions.example.properties.ask.properties).sort()).toEqual([...EXAMPLE_ASK_KEYS].sort());
  expect(schema.definitions.example.properties.expect.properties.status.enum).toEqual([...VOUCHER_STATUSES]);
  const statuses = schema.properties['statuses']?.properties ?? {};
  for (const status of VOUCHER_STATUSES) {
    const sentences: readonly string[] = STATUS_SENTENCES[status];
    const extra = [...(status === 'expired' ? ['reasons'] : []), ...((LABELLED_BY_REASON as readonly string[]).includes(status) ? ['labelsByReason'] : [])];
    expect(Object.keys(statuses[status]?.properties ?? {}).sort(), status).toEqual([...sentences, ...extra].sort());
  }
});
