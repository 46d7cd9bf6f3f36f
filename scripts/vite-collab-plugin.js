/**
 * Vite plugin: the collaboration WebSocket endpoint (/collab) in `vite dev` and `vite preview`,
 * as server.js provides it in production. Other upgrades (Vite's own HMR socket) are left alone.
 */

/** @returns {import('vite').Plugin} */
export function collabDevServer() {
	return {
		name: 'ketentafel-collab',
		configureServer(server) {
			server.httpServer?.on('upgrade', (req, socket, head) => {
				if ((req.url ?? '').split('?')[0] !== '/collab') return;
				// Loaded through Vite's SSR loader, so it shares the app's modules: one database and
				// one Hocuspocus instance (kept on globalThis across reloads).
				server
					.ssrLoadModule('/src/lib/server/collab/index.ts')
					.then((mod) => mod.handleUpgrade(req, socket, head))
					.catch((e) => {
						console.error('[samenwerking] kon niet starten:', e);
						socket.destroy();
					});
			});
		},
		configurePreviewServer(server) {
			server.httpServer?.on('upgrade', (req, socket, head) => {
				if ((req.url ?? '').split('?')[0] !== '/collab') return;
				// The built app registers its collaboration server when its init hook has run.
				const collab = /** @type {{ __ketentafelCollab?: { handleUpgrade: Function } }} */ (globalThis)
					.__ketentafelCollab;
				if (collab) collab.handleUpgrade(req, socket, head);
				else socket.destroy();
			});
		}
	};
}
