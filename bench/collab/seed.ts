/**
 * A seeded template database for the Ketentafel server: the demo region, 49 extra victim cases on
 * the Zorgtafel (so there are 50 `case:<id>:plan` documents, B.P.'s first), and one real session
 * per benchmark connection for the two accounts that may edit those plans. Each server run gets a
 * fresh copy of the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { open, runMigrations } from '../../src/lib/server/db';
import * as seed from '../../src/lib/server/seed';
import * as sessions from '../../src/lib/server/auth/sessions';
import * as actors from '../../src/lib/server/actors';
import * as cases from '../../src/lib/server/cases';
import { createContext } from '../../src/lib/server/context';
import { verdict } from '../../src/lib/server/collab/access';

export const EDITOR_ACCOUNTS = ['coordinator.zorg', 'zorg'] as const;

export interface Seeded {
	file: string;
	/** 50 plan documents; the first is B.P.'s (used for the latency scenarios). */
	docNames: string[];
	/** Session cookies, alternating between the editor accounts. */
	cookies: string[];
}

export async function seedTemplate(
	dir: string,
	options: { documents: number; sessions: number }
): Promise<Seeded> {
	const file = path.join(dir, 'template.db');
	const db = open(file);
	runMigrations(db);
	const now = new Date();
	const refs = await seed.demo(db, now);
	const owner = actors.load(db, refs.user['coordinator.zorg']);
	if (!owner) throw new Error('seed: coordinator.zorg missing');
	const ownerCtx = createContext({ actor: owner, now });

	const bp = db.$client
		.prepare(
			"select c.id from case_file c join subject s on s.id = c.subject_id where s.label = 'B.P.' and c.kind = 'victim'"
		)
		.get() as { id: number } | undefined;
	if (!bp) throw new Error('seed: case B.P. missing');
	const caseIds = [bp.id];
	for (let i = caseIds.length; i < options.documents; i++) {
		const row = cases.create(db, ownerCtx, {
			kind: 'victim',
			forms: ['labour'],
			tableIds: [refs.table['zorgtafel']],
			subjectKind: 'person',
			subjectLabel: `Bench ${i}`
		});
		caseIds.push(row.id);
	}
	const docNames = caseIds.map((id) => `case:${id}:plan`);

	// The policy must let both accounts edit every benchmark document.
	for (const local of EDITOR_ACCOUNTS) {
		const actor = actors.load(db, refs.user[local]);
		for (const name of docNames) {
			const v = verdict(db, actor, name);
			if (v !== 'write') throw new Error(`seed: ${local} gets ${v} on ${name}, expected write`);
		}
	}

	// Sessions of returning users: last seen 2 minutes ago, so the first request on each slides
	// its expiry (one UPDATE), as after a server restart — and the same whenever the run starts.
	const signedInAt = new Date(now.getTime() - 120_000);
	const cookies: string[] = [];
	db.$client.transaction(() => {
		for (let i = 0; i < options.sessions; i++) {
			const token = sessions.generateToken();
			sessions.create(db, token, refs.user[EDITOR_ACCOUNTS[i % EDITOR_ACCOUNTS.length]], signedInAt);
			cookies.push(`${sessions.COOKIE_NAME}=${token}`);
		}
	})();
	db.$client.pragma('wal_checkpoint(TRUNCATE)');
	db.$client.close();
	return { file, docNames, cookies };
}

/** A fresh copy of the template for one server process. */
export function copyOf(template: string, name: string): string {
	const target = path.join(path.dirname(template), `${name}.db`);
	fs.copyFileSync(template, target);
	return target;
}
