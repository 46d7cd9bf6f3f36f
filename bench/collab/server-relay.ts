/**
 * The baseline: a plain Yjs relay, `@y/websocket-server`'s `setupWSConnection` on a plain
 * http + ws server, no persistence (YPERSISTENCE unset), no auth. Runs in its own process.
 */
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { setupWSConnection, docs } from '@y/websocket-server/utils';
import { announce, serve } from '../lib/rpc';
import * as probe from './probe';

if (process.env.YPERSISTENCE)
	throw new Error('the relay baseline must run without persistence (unset YPERSISTENCE)');

const wss = new WebSocketServer({ noServer: true });
const server = http.createServer((_req, res) => res.writeHead(404).end());
server.on('upgrade', (req, socket, head) => {
	wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req));
});

serve(
	{
		memory: probe.memory,
		heapSnapshot: probe.heapSnapshot,
		mark: probe.mark,
		stats: () => ({ ...probe.sinceMark(), documents: docs.size, connections: wss.clients.size })
	},
	() => {
		for (const ws of wss.clients) ws.terminate();
		server.close();
	}
);

server.listen(0, '127.0.0.1', () => {
	const port = (server.address() as { port: number }).port;
	announce({ port, url: `ws://127.0.0.1:${port}` });
});
