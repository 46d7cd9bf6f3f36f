/**
 * Opens a collaboration document in the browser (DESIGN.md §4) and exposes its state as runes:
 * connection status (connected, reconnecting, offline with unsent changes), the read-only scope
 * the server granted, a refusal, and who else is present (names as the server authenticated them).
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';

export type CollabStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface Peer {
	clientId: number;
	name: string;
	organisation: string;
	color: string;
}

/** One socket per page, shared by every document the page opens. */
let shared: HocuspocusProviderWebsocket | null = null;
let users = 0;

function socket(): HocuspocusProviderWebsocket {
	if (!shared) {
		const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`;
		shared = new HocuspocusProviderWebsocket({ url, maxAttempts: 0, delay: 1000, maxDelay: 10_000 });
	}
	users++;
	return shared;
}

function release(): void {
	users--;
	if (users <= 0 && shared) {
		shared.destroy();
		shared = null;
		users = 0;
	}
}

export class CollabDoc {
	readonly doc = new Y.Doc();
	readonly provider: HocuspocusProvider;
	status: CollabStatus = $state('connecting');
	synced = $state(false);
	unsynced = $state(0);
	readOnly = $state(true);
	refused: string | null = $state(null);
	peers: Peer[] = $state([]);
	private everConnected = false;

	constructor(readonly name: string) {
		this.provider = new HocuspocusProvider({
			name,
			document: this.doc,
			websocketProvider: socket(),
			onAuthenticated: ({ scope }) => {
				this.readOnly = scope === 'readonly';
				this.refused = null;
			},
			onAuthenticationFailed: ({ reason }) => {
				this.refused = reason || 'forbidden';
				this.readOnly = true;
			},
			onSynced: ({ state }) => {
				this.synced = state;
			},
			onUnsyncedChanges: ({ number }) => {
				this.unsynced = number;
			},
			onStatus: ({ status }) => {
				const state = String(status);
				if (state === 'connected') {
					this.everConnected = true;
					this.status = 'connected';
				} else if (state === 'connecting') {
					this.status = this.everConnected ? 'reconnecting' : 'connecting';
				} else {
					this.status = this.everConnected ? 'offline' : 'connecting';
				}
			},
			onAwarenessChange: ({ states }) => {
				const own = this.doc.clientID;
				this.peers = states
					.filter((s) => s.clientId !== own && (s as { user?: unknown }).user)
					.map((s) => {
						const user = (s as unknown as { user: { name?: string; organisation?: string; color?: string } })
							.user;
						return {
							clientId: s.clientId,
							name: user.name ?? '',
							organisation: user.organisation ?? '',
							color: user.color ?? '#154273'
						};
					});
			}
		});
		// A shared socket does not attach providers by itself.
		this.provider.attach();
	}

	destroy(): void {
		this.provider.destroy();
		this.doc.destroy();
		release();
	}
}
