/**
 * Group commit: writes that arrive together share one SQLite transaction, so one fsync instead of
 * one per write.
 *
 * `run(work)` queues a synchronous unit of work and resolves with its result only after the
 * transaction that ran it has committed; a caller that awaits it may acknowledge the write. The
 * queue is flushed on `setImmediate`, i.e. after the I/O callbacks of the current event-loop turn:
 * when a thousand clients connect at once, or twenty editors type, their writes are committed
 * together. A unit that throws rejects only its own promise; what it wrote before it threw is
 * committed with the rest (callers write an audit entry and then refuse, for example).
 */
import type { Db } from '.';

interface Pending {
	work: () => unknown;
	resolve: (value: unknown) => void;
	reject: (error: unknown) => void;
}

export class GroupCommit {
	/** Units waiting for the next flush; a flush is scheduled whenever this is not empty. */
	private queue: Pending[] = [];
	/** Units per committed transaction since start (for benchmarks and tests). */
	readonly stats = { transactions: 0, units: 0 };

	constructor(private readonly db: Db) {}

	/** Runs `work` in the next group transaction; resolves once that transaction has committed. */
	run<T>(work: () => T): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
			if (this.queue.length === 1) setImmediate(() => this.flush());
		});
	}

	/** Commits everything queued now (also called on shutdown). */
	flush(): void {
		const batch = this.queue;
		if (batch.length === 0) return;
		this.queue = [];
		const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
		try {
			this.db.$client
				.transaction(() => {
					for (const unit of batch) {
						try {
							outcomes.push({ ok: true, value: unit.work() });
						} catch (error) {
							outcomes.push({ ok: false, error });
						}
					}
				})
				.immediate();
		} catch (error) {
			// The commit itself failed: nothing of this batch is durable, so nobody may go on.
			for (const unit of batch) unit.reject(error);
			return;
		}
		this.stats.transactions += 1;
		this.stats.units += batch.length;
		batch.forEach((unit, i) => {
			const outcome = outcomes[i];
			if (outcome.ok) unit.resolve(outcome.value);
			else unit.reject(outcome.error);
		});
	}
}
