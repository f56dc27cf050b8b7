// rules:check runs the JSON Schema editors use (rules/schema/) as well as its own checks, so
// that a file the schema refuses never passes: where the two disagree, the schema's word is
// shown. Its problems are said once: where rules:check already names a problem at or around
// the same place, its own (more specific) message stands alone.

import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import type { SourceFile } from '../shared/engine/ruleset.ts';
import { readJson } from '../shared/json.ts';
import { type Problem, quote } from '../shared/problems.ts';
import { ROOT } from './rules-on-disk.ts';

export const OFFER_SCHEMA = join(ROOT, 'rules', 'schema', 'offer.schema.json');
export const SITE_SCHEMA = join(ROOT, 'rules', 'schema', 'site.schema.json');

function escapeSegment(name: string): string {
  return name.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Where the problem is (an unknown field is at the field, not at its object) and what it is, in words. */
function describe(error: ErrorObject): { pointer: string; message: string } {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return { pointer: `${error.instancePath}/${escapeSegment(String(params['additionalProperty']))}`, message: `field ${quote(params['additionalProperty'])} is not allowed here` };
    case 'required':
      return { pointer: error.instancePath, message: `field ${quote(params['missingProperty'])} is missing` };
    case 'anyOf':
    case 'oneOf':
      return { pointer: error.instancePath, message: 'is none of the forms allowed here' };
    case 'enum':
      return { pointer: error.instancePath, message: `must be one of ${(params['allowedValues'] as unknown[]).map((v) => quote(v)).join(', ')}` };
    default:
      return { pointer: error.instancePath, message: error.message ?? error.keyword };
  }
}

/** The schema's problems with each file, said once: none where `known` already has a problem at, inside or around the same place. */
export function schemaProblems(files: readonly SourceFile[], schemaPath: string, known: readonly Problem[]): Problem[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  // The one format the schemas use: a voucher code pattern, compiled as the engine compiles it.
  ajv.addFormat('regex', (pattern: string) => {
    try {
      new RegExp(pattern);
      return true;
    } catch {
      return false;
    }
  });
  const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
  const schemaName = relative(ROOT, schemaPath);
  const problems: Problem[] = [];
  for (const file of files) {
    const read = readJson(file.text, file.file);
    // Text that is not JSON is already refused by the reader, with its position.
    if (!read.ok || validate(read.value)) continue;
    const mine = known.filter((p) => p.file === file.file).map((p) => p.pointer);
    const seen = new Set<string>();
    const errors = validate.errors ?? [];
    // A value that fits none of several forms fails each form in its own way: it is said once, as not fitting.
    const alternatives = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => `${e.schemaPath}/`);
    for (const error of errors) {
      if (error.keyword === 'if' || alternatives.some((path) => error.schemaPath.startsWith(path))) continue;
      const { pointer, message } = describe(error);
      const said = mine.some((p) => p === pointer || p.startsWith(`${pointer}/`) || pointer.startsWith(`${p}/`));
      const key = `${pointer}\u0000${message}`;
      if (said || seen.has(key)) continue;
      seen.add(key);
      problems.push({ file: file.file, pointer, message: `${message} (${schemaName})` });
    }
  }
  return problems;
}
