// The Node limit: a bare node:http server answering one static JSON body (a PostHog run).
import { createServer } from 'node:http';

const body = JSON.stringify({
  id: '0190a3c4-1111-4abc-8def-0123456789ab',
  status: 'Running',
  records_completed: null,
  records_failed: null,
  latest_error: null,
  data_interval_start: '2026-01-01T11:00:00Z',
  data_interval_end: '2026-01-01T12:00:00Z',
  cursor: null,
  created_at: '2026-01-01T12:00:00.000257Z',
  finished_at: null,
  last_updated_at: '2026-01-01T12:00:01.227005Z',
  records_total_count: 48481,
  bytes_exported: null,
  batch_export: '0190a3c2-7b1e-4d4a-9f3e-2b5c8d1e4f60',
  backfill: null,
});
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
