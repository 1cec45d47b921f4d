// The floor for any JS validator run as a command: start node, read the NDJSON lines with the
// same reader jobkit uses, JSON.parse each, and exit.
import { READ_CHUNK_BYTES } from '../dist/io/bodies.js';
import { readFileChunks, readLineBatches } from '../dist/io/lines.js';

let n = 0;
for await (const batch of readLineBatches(readFileChunks(process.argv[2], READ_CHUNK_BYTES))) {
  for (const { text } of batch) {
    if (text !== '') {
      JSON.parse(text);
      n++;
    }
  }
}
console.log(n);
