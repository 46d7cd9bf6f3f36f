/**
 * A collaboration server in its own process, for the crash test: it is killed with SIGKILL while
 * a client edits. Env: DATABASE_PATH (already seeded), WRITE_AHEAD (1 or 0), ORIGIN.
 */
import http from 'node:http';
import { open, runMigrations } from '../../src/lib/server/db';
import { createCollabServer } from '../../src/lib/server/collab';

const db = open(process.env.DATABASE_PATH!);
runMigrations(db);
const collab = createCollabServer({
	db,
	origin: process.env.ORIGIN!,
	writeAhead: process.env.WRITE_AHEAD !== '0',
	rate: { windowMs: 10_000, messages: 1_000_000, bytes: 1_000_000_000 }
});
const server = http.createServer((_req, res) => res.writeHead(404).end());
server.on('upgrade', (req, socket, head) => collab.handleUpgrade(req, socket, head));
server.listen(0, '127.0.0.1', () => {
	process.stdout.write(`READY ${(server.address() as { port: number }).port}\n`);
});
