// Writes the JSON Schema of every Kafka message type to schemas/json/ (`npm run json-schemas`); the unit test
// json-schemas.unit.test.ts fails while a file differs from what this would write.
import { readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { messageJsonSchemaFiles } from '../src/json-schemas';

const dir = resolve(__dirname, '../json');
const files = messageJsonSchemaFiles();
for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
for (const name of readdirSync(dir))
  if (name.endsWith('.schema.json') && !(name in files)) {
    unlinkSync(join(dir, name));
    console.log(`removed ${name} (no message type has it any more)`);
  }
console.log(`wrote ${Object.keys(files).length} JSON Schemas to ${dir}: ${Object.keys(files).join(', ')}`);
