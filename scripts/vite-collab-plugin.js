/**
 * Vite plugin: attaches the collaboration WebSocket endpoint (/collab) to the dev and preview
 * servers, the way server.js does in production. Other upgrades (Vite's HMR) are left alone.
 * The collaboration module is loaded through Vite's SSR loader in dev so it shares the app's
 * module graph (one database, one Hocuspocus instance).
 */

/** @returns {import('vite').Plugin} */
export function collabDevServer() {
	return {
		name: 'ketentafel-collab',
		configureServer(server) {
			server.httpServer?.on('upgrade', (req, socket, head) => {
				if (!req.url?.startsWith('/collab')) return;
				server
					.ssrLoadModule('/src/lib/server/collab/index.ts')
					.then((mod) => mod.handleUpgrade(req, socket, head))
					.catch((e) => {
						console.error('[collab] kon niet starten:', e);
						socket.destroy();
					});
			});
		}
	};
}
