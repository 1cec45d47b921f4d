// The floor for any JS validator run as a command: start node, read the NDJSON lines with the
// same reader jobkit uses, JSON.parse each, and exit.
import { createReadStream } from 'node:fs';
import { READ_CHUNK_BYTES } from '../dist/io/bodies.js';
import { readLineBatches } from '../dist/io/lines.js';

let n = 0;
for await (const batch of readLineBatches(
  createReadStream(process.argv[2], { highWaterMark: READ_CHUNK_BYTES }),
)) {
  for (const { text } of batch) {
    if (text !== '') {
      JSON.parse(text);
      n++;
    }
  }
}
console.log(n);
