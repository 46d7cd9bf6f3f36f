/**
 * Durable storage for Yjs documents in SQLite.
 *
 * Every update a client sends is appended to `collab_update` in `beforeSync`, which Hocuspocus
 * awaits before it applies the update and acknowledges it: nothing acknowledged can be lost, even
 * on SIGKILL. (An update listener would run too late to stop the acknowledgement, and a throw in
 * one silently breaks the Y.Doc.) Changes made on the server are logged from the document's own
 * update event. Compaction folds the log into a garbage-collected snapshot — built only from what
 * is persisted, so it cannot race with in-flight writes — deletes the folded rows, and checkpoints
 * the WAL; with `secure_delete` on, deleted text then no longer exists in the database files.
 */
import type {
	Extension,
	afterLoadDocumentPayload,
	afterUnloadDocumentPayload,
	beforeSyncPayload,
	onLoadDocumentPayload,
	onStoreDocumentPayload
} from '@hocuspocus/server';
import * as Y from 'yjs';
import type { Db } from '../db';
import { GroupCommit } from '../db/group-commit';

const EMPTY_UPDATE = (u: Uint8Array) => u.length === 2 && u[0] === 0 && u[1] === 0;

export interface DurableStoreOptions {
	db: Db;
	/**
	 * `false` only for the crash test's control: persist the whole document on the debounced
	 * store hook, the way most Hocuspocus set-ups do, to prove the test can see lost edits.
	 */
	writeAhead?: boolean;
	/** Shared with the access checks, so connection and edit writes commit together. */
	commits?: GroupCommit;
	onError?: (error: unknown) => void;
}

export class DurableStore implements Extension {
	private readonly db: Db;
	private readonly writeAhead: boolean;
	private readonly onError: (error: unknown) => void;
	private readonly commits: GroupCommit;
	private readonly insert;
	private readonly rowsAfter;
	private readonly snapshotOf;

	constructor(options: DurableStoreOptions) {
		this.db = options.db;
		this.writeAhead = options.writeAhead ?? true;
		this.commits = options.commits ?? new GroupCommit(this.db);
		this.onError =
			options.onError ??
			((e) => console.error('[samenwerking] opslaan mislukt:', e instanceof Error ? e.message : e));
		const client = this.db.$client;
		this.insert = client.prepare('insert into collab_update (document, data, at) values (?, ?, ?)');
		this.rowsAfter = client.prepare(
			'select id, data from collab_update where document = ? and id > ? order by id'
		);
		this.snapshotOf = client.prepare('select state, upto from collab_snapshot where document = ?');
	}

	/** Appends one update to the log, synchronously. */
	append(documentName: string, update: Uint8Array): void {
		this.insert.run(documentName, Buffer.from(update), Date.now());
	}

	/** The persisted state of a document as one Yjs update (snapshot plus log). */
	load(documentName: string): { doc: Y.Doc; upto: number } {
		const doc = new Y.Doc();
		const snap = this.snapshotOf.get(documentName) as { state: Buffer; upto: number } | undefined;
		let upto = snap?.upto ?? 0;
		doc.transact(() => {
			if (snap) Y.applyUpdate(doc, snap.state);
			for (const row of this.rowsAfter.all(documentName, upto) as Array<{ id: number; data: Buffer }>) {
				try {
					Y.applyUpdate(doc, row.data);
				} catch (e) {
					// A malformed update is written ahead before Yjs could reject it; skip it.
					this.onError(e);
				}
				upto = row.id;
			}
		});
		return { doc, upto };
	}

	/** Folds the log into a garbage-collected snapshot and purges what it covers. */
	compact(documentName: string): void {
		const client = this.db.$client;
		// IMMEDIATE: take the write lock before reading, so another writer cannot commit between the
		// read and the write (SQLITE_BUSY_SNAPSHOT).
		client
			.transaction(() => {
				const { doc, upto } = this.load(documentName);
				const state = Y.encodeStateAsUpdate(doc);
				doc.destroy();
				client
					.prepare(
						`insert into collab_snapshot (document, state, upto, updated_at) values (?, ?, ?, ?)
					 on conflict(document) do update set state = excluded.state, upto = excluded.upto, updated_at = excluded.updated_at`
					)
					.run(documentName, Buffer.from(state), upto, Date.now());
				client.prepare('delete from collab_update where document = ? and id <= ?').run(documentName, upto);
			})
			.immediate();
		// Old page images live on in the WAL until a checkpoint; truncate it so redacted text is gone.
		client.pragma('wal_checkpoint(TRUNCATE)');
	}

	async onLoadDocument({ document, documentName }: onLoadDocumentPayload): Promise<void> {
		const { doc } = this.load(documentName);
		Y.applyUpdate(document, Y.encodeStateAsUpdate(doc));
		doc.destroy();
	}

	async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
		if (!this.writeAhead) return;
		document.on('update', (update: Uint8Array, origin: unknown) => {
			// Client updates were written ahead in beforeSync; log only the server's own changes.
			if ((origin as { source?: string } | null)?.source === 'connection') return;
			try {
				this.append(documentName, update);
			} catch (e) {
				// Never throw from a Yjs update handler: it would stop the document emitting updates.
				this.onError(e);
			}
		});
	}

	async beforeSync({ type, payload, documentName, connection }: beforeSyncPayload): Promise<void> {
		if (!this.writeAhead) return;
		// 1 = SyncStep2, 2 = Update: both carry document changes (0 = SyncStep1, a state vector).
		if (type !== 1 && type !== 2) return;
		if (connection.readOnly || EMPTY_UPDATE(payload)) return;
		try {
			// Awaited: Hocuspocus applies and acknowledges the update only after its commit.
			await this.commits.run(() => this.append(documentName, payload));
		} catch (e) {
			this.onError(e);
			// Refuse the message: it is then neither applied nor acknowledged, and the provider resends.
			connection.webSocket.close(1011, 'persist failed');
			throw e;
		}
	}

	/**
	 * Compaction is housekeeping: the update log already holds every change, so a failure (a busy
	 * database) is logged and retried at the next store — it must never take the process down.
	 */
	private compactSafely(documentName: string): void {
		try {
			this.compact(documentName);
		} catch (e) {
			this.onError(e);
		}
	}

	async onStoreDocument({ document, documentName }: onStoreDocumentPayload): Promise<void> {
		if (this.writeAhead) {
			this.compactSafely(documentName);
			return;
		}
		const state = Y.encodeStateAsUpdate(document);
		this.db.$client
			.prepare(
				`insert into collab_snapshot (document, state, upto, updated_at) values (?, ?, 0, ?)
				 on conflict(document) do update set state = excluded.state, updated_at = excluded.updated_at`
			)
			.run(documentName, Buffer.from(state), Date.now());
	}

	async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload): Promise<void> {
		if (this.writeAhead) this.compactSafely(documentName);
	}
}
