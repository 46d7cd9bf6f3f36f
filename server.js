/**
 * Production entry: SvelteKit's adapter-node handler and the collaboration WebSocket endpoint
 * (/collab) on one port. Configuration: PORT, HOST, ORIGIN, DATABASE_PATH (see README).
 */
import http from 'node:http';

process.env.PORT ??= '3000';
process.env.HOST ??= '0.0.0.0';
process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;
// Requests and uploads are small forms; 1 MB is plenty and bounds memory per request.
process.env.BODY_SIZE_LIMIT ??= '1M';

// Importing the handler runs the server's init hook: migrations, demo seed, collaboration server.
const { handler } = await import('./build/handler.js');

const server = http.createServer(handler);

/** The collaboration server registers itself on globalThis when the app starts (hooks.server.ts). */
function collab() {
	return globalThis.__ketentafelCollab;
}

server.on('upgrade', (req, socket, head) => {
	const pathname = (req.url ?? '').split('?')[0];
	const c = collab();
	if (pathname !== '/collab' || !c) {
		socket.write('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
		socket.destroy();
		return;
	}
	c.handleUpgrade(req, socket, head);
});

server.listen(Number(process.env.PORT), process.env.HOST, () => {
	console.log(`Ketentafel luistert op ${process.env.ORIGIN}`);
});

let stopping = false;
async function shutdown(signal) {
	if (stopping) return;
	stopping = true;
	console.log(`${signal} ontvangen: Ketentafel stopt.`);
	const force = setTimeout(() => process.exit(1), 10_000);
	force.unref();
	server.close();
	server.closeIdleConnections?.();
	try {
		await collab()?.shutdown();
		globalThis.__ketentafelShutdown?.();
	} catch (e) {
		console.error('Fout bij afsluiten:', e);
	}
	process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
