/**
 * The collaboration server over a real WebSocket with the stock provider: sync, refusals,
 * read-only scope, live revocation, presence, limits, redaction.
 */
import fs from 'node:fs';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as audit from '../../src/lib/server/audit';
import * as actors from '../../src/lib/server/actors';
import * as cases from '../../src/lib/server/cases';
import * as tables from '../../src/lib/server/tables';
import * as users from '../../src/lib/server/users';
import { verdict } from '../../src/lib/server/collab/access';
import { createContext } from '../../src/lib/server/context';
import { connect, ORIGIN, sleep, startServer, waitFor, type TestServer } from './helpers';

/**
 * The people, tables and cases these tests use, built on a server's database: a Zorgtafel, an
 * AVO, a Stuurtafel and a ZVH case meeting with their members, victim cases on the Zorgtafel (one
 * closed, one with an invited participant), a perpetrator case on the AVO and Stuurtafel and a
 * victim case on the ZVH; an admin and an auditor who see no case content, and a reporter.
 */
function region(server: TestServer) {
	const b = server.b;
	const zt = b.table({ kind: 'zorgtafel', name: 'Zorgtafel Test' });
	const avo = b.table({ kind: 'avo', name: 'AVO Test' });
	const stuur = b.table({ kind: 'stuurtafel', name: 'Stuurtafel Test' });
	const zvh = b.table({ kind: 'zvh', name: 'ZVH Test' });
	const people = {
		zorg: b.person({ name: 'Zeynep Zorg', domain: 'zorg' }),
		veiligheid: b.person({ name: 'Pieter Politie', domain: 'veiligheid' }),
		'coordinator.zorg': b.person({ name: 'Sanne Secretaris', domain: 'zorg', roles: ['coordinator'] }),
		'coordinator.veiligheid': b.person({
			name: 'Vera Veiligheid',
			domain: 'veiligheid',
			roles: ['coordinator']
		}),
		'voorzitter.zorgtafel': b.person({ name: 'Carla Voorzitter', domain: 'zorg' }),
		'voorzitter.stuurtafel': b.person({ name: 'Stijn Stuurman', domain: 'veiligheid' }),
		'procesregisseur.zvh': b.person({
			name: 'Petra Procesregisseur',
			domain: 'zorg',
			roles: ['coordinator']
		}),
		gast: b.person({ name: 'Gerda Gast', domain: 'veiligheid' }),
		melder: b.person({ name: 'Mo Melder', domain: 'zorg', roles: ['reporter'] }),
		beheer: b.person({ name: 'Bea Beheer', domain: 'veiligheid', roles: ['admin'] }),
		fg: b.person({ name: 'Fred Gegevensbescherming', domain: 'veiligheid', roles: ['auditor'] })
	};
	const p = people;
	b.member(zt, p['voorzitter.zorgtafel'], 'chair');
	b.member(zt, p['coordinator.zorg'], 'secretary');
	b.member(zt, p['coordinator.veiligheid']);
	const zorgAtZorgtafel = b.member(zt, p.zorg);
	b.member(zt, p.veiligheid);
	b.member(avo, p['coordinator.veiligheid'], 'chair');
	b.member(avo, p.veiligheid);
	b.member(avo, p['voorzitter.stuurtafel']);
	b.member(stuur, p['voorzitter.stuurtafel'], 'chair');
	b.member(stuur, p['coordinator.veiligheid'], 'secretary');
	b.member(stuur, p.veiligheid);
	b.member(zvh, p['procesregisseur.zvh'], 'chair');
	b.member(zvh, p['coordinator.zorg']);
	const cz = p['coordinator.zorg'];
	const cases = {
		anna: b.caseFile({ kind: 'victim', tables: [zt], owner: cz, caseLead: p.zorg }),
		/** Reaches the zorg member only through the Zorgtafel. */
		bogdan: b.caseFile({ kind: 'victim', tables: [zt], owner: cz }),
		dmitri: b.caseFile({ kind: 'victim', tables: [zt], owner: cz }),
		gina: b.caseFile({ kind: 'victim', tables: [zt], owner: cz, status: 'closed' }),
		salon: b.caseFile({
			kind: 'perpetrator',
			subject: b.subject({ kind: 'premises' }),
			tables: [avo, stuur],
			owner: p['coordinator.veiligheid'],
			caseLead: p.veiligheid
		}),
		farah: b.caseFile({ kind: 'victim', tables: [zvh], owner: p['procesregisseur.zvh'], caseLead: cz }),
		/** A case the guest reaches only as an invited participant. */
		invited: b.caseFile({ kind: 'victim', tables: [zt], owner: cz })
	};
	b.participant(cases.invited, p.gast);
	return { people, tables: { zt, avo, stuur, zvh }, cases, zorgAtZorgtafel };
}

let s: TestServer;
let w: ReturnType<typeof region>;
let anna: number;
let gina: number;
/** A session cookie for one of the built people. */
const cookie = (who: keyof ReturnType<typeof region>['people'], server: TestServer = s, world = w) =>
	server.cookieFor(world.people[who]).cookie;
beforeAll(async () => {
	s = await startServer();
	w = region(s);
	anna = w.cases.anna.id;
	gina = w.cases.gina.id; // closed case
});
afterAll(async () => {
	await s.stop();
});

const denials = () => audit.list(s.db, { action: 'denied' }).filter((r) => r.objectType === 'collab');

describe('syncing', () => {
	it('two people on the shared plan see each other’s text', async () => {
		const a = connect(s.url, `case:${anna}:plan`, cookie('zorg'));
		const b = connect(s.url, `case:${anna}:plan`, cookie('veiligheid'));
		await waitFor(() => a.provider.isSynced && b.provider.isSynced, 5000, 'sync');
		a.doc.getText('notes').insert(0, 'Afspraak: huisbezoek dinsdag. ');
		await waitFor(() => b.doc.getText('notes').toJSON().includes('huisbezoek'), 3000, 'text at b');
		b.doc.getText('notes').insert(b.doc.getText('notes').length, 'Politie gaat mee.');
		await waitFor(() => a.doc.getText('notes').toJSON().includes('Politie gaat mee.'), 3000, 'text at a');
		expect(a.events).toContainEqual(['authenticated', 'read-write']);
		a.destroy();
		b.destroy();
	});
});

describe('the access log of a connection', () => {
	it('a view row with the client address and the purpose collab:<document>, like every other row', async () => {
		const name = `case:${anna}:zorg`;
		const c = connect(s.url, name, cookie('coordinator.zorg'));
		await waitFor(() => c.provider.isSynced, 5000, 'sync');
		const views = audit
			.list(s.db, { action: 'view', userId: w.people['coordinator.zorg'].id })
			.filter((r) => r.detail?.startsWith(`samenwerking ${name}`));
		expect(views[0]).toMatchObject({
			objectType: 'case',
			objectId: String(anna),
			compartment: 'zorg',
			clientAddress: '127.0.0.1',
			purpose: `collab:${name}`
		});
		c.destroy();
		const refused = connect(s.url, `case:${anna}:veiligheid`, cookie('zorg'));
		await waitFor(() => refused.events.some(([e]) => e === 'authFailed'), 5000, 'refusal');
		refused.destroy();
		await waitFor(
			() =>
				denials().some(
					(r) => r.purpose === `collab:case:${anna}:veiligheid` && r.clientAddress === '127.0.0.1'
				),
			2000,
			'denial with purpose'
		);
	});
});

describe('refusals', () => {
	async function expectRefused(name: string, cookie: string | null, origin = ORIGIN) {
		const c = connect(s.url, name, cookie, { origin });
		const before = denials().length;
		await waitFor(
			() => c.events.some(([e]) => e === 'authFailed' || e === 'close'),
			5000,
			`refusal of ${name}`
		);
		await sleep(50);
		expect(c.provider.isSynced).toBe(false);
		c.destroy();
		await waitFor(() => denials().length > before, 2000, 'denial in the access log');
	}

	it('without a session, with a foreign Origin, or with a stale session', async () => {
		await expectRefused(`case:${anna}:plan`, null);
		await expectRefused(`case:${anna}:plan`, cookie('zorg'), 'https://evil.example');
		await expectRefused(`case:${anna}:plan`, 'ketentafel_session=bestaatniet');
	});

	it('garbage names, missing cases and compartments the user may not see', async () => {
		const zorg = cookie('zorg');
		for (const name of [
			'',
			'case',
			'case:abc:plan',
			`case:${anna}:geheim`,
			'case:0:plan',
			`../case:${anna}:plan`,
			'x'.repeat(500)
		]) {
			await expectRefused(name, zorg);
		}
		await expectRefused('case:999999:plan', zorg);
		await expectRefused(`case:${anna}:veiligheid`, zorg);
		await expectRefused(`case:${anna}:zorg`, cookie('veiligheid'));
		const salon = w.cases.salon.id;
		await expectRefused(`case:${salon}:plan`, zorg);
		await expectRefused(`case:${anna}:plan`, cookie('beheer'));
		await expectRefused(`case:${anna}:plan`, cookie('fg'));
	});

	it('the socket gives the same answer as the pages for every person and case document', () => {
		const caseIds = s.db.$client.prepare('select id from case_file').all() as Array<{ id: number }>;
		expect(caseIds.length).toBe(Object.keys(w.cases).length);
		for (const [local, person] of Object.entries(w.people)) {
			const actor = actors.load(s.db, person.id);
			for (const { id } of caseIds) {
				let pageSees: string[];
				let pageWrites = { shared: false, zorg: false, veiligheid: false };
				try {
					const view = cases.get(s.db, createContext({ actor: actor!, now: new Date() }), id);
					pageSees = view.compartments;
					pageWrites = {
						shared: view.case.status !== 'closed',
						zorg: view.may.writeZorg,
						veiligheid: view.may.writeVeiligheid
					};
				} catch {
					pageSees = [];
				}
				for (const [part, compartment] of [
					['plan', 'shared'],
					['zorg', 'zorg'],
					['veiligheid', 'veiligheid']
				] as const) {
					const socket = verdict(s.db, actor, `case:${id}:${part}`);
					const page = pageSees.includes(compartment) ? (pageWrites[compartment] ? 'write' : 'read') : null;
					expect(socket, `${local} case ${id} ${part}`).toBe(page);
				}
			}
		}
	});
});

describe('read-only', () => {
	it('a closed case opens read-only and the server refuses edits', async () => {
		const c = connect(s.url, `case:${gina}:plan`, cookie('coordinator.zorg'));
		await waitFor(() => c.provider.isSynced, 5000, 'sync');
		expect(c.events).toContainEqual(['authenticated', 'readonly']);
		const refusals = () =>
			(
				s.db.$client
					.prepare(
						"select count(*) as n from access_log where action = 'denied' and object_id = ? and user_id = ?"
					)
					.get(`case:${gina}:plan`, w.people['coordinator.zorg'].id) as { n: number }
			).n;
		// Opening read-only is no refused write.
		expect(refusals()).toBe(0);
		c.doc.getText('notes').insert(0, 'mag niet');
		await sleep(300);
		const server = s.collab.hocuspocus.documents.get(`case:${gina}:plan`);
		expect(server?.getText('notes').toJSON()).toBe('');
		expect(c.provider.unsyncedChanges).toBeGreaterThan(0);
		// The refused write is a denial in the access log (once per connection).
		c.doc.getText('notes').insert(0, 'nog eens');
		await waitFor(() => refusals() === 1, 5000, 'denial logged');
		await sleep(200);
		expect(refusals()).toBe(1);
		c.destroy();
	});
});

describe('live revocation within 5 seconds', () => {
	it('ending a membership closes the connection', async () => {
		// This case reaches the zorg member only through the Zorgtafel.
		const bogdan = w.cases.bogdan.id;
		const c = connect(s.url, `case:${bogdan}:zorg`, cookie('zorg'));
		await waitFor(() => c.provider.isSynced, 5000, 'sync');
		const admin = actors.load(s.db, w.people.beheer.id)!;
		tables.endMember(
			s.db,
			createContext({ actor: admin, now: new Date() }),
			w.tables.zt.id,
			w.zorgAtZorgtafel.id
		);
		const took = await waitFor(() => c.events.some(([e, v]) => e === 'close' && v === 4403), 5000, 'close');
		expect(took).toBeLessThan(5000);
		await waitFor(() => c.events.some(([e]) => e === 'authFailed'), 5000, 'refused on reconnect');
		c.destroy();
	});

	it('signing out closes the connection', async () => {
		const { cookie: signedIn, token } = s.cookieFor(w.people.veiligheid);
		const c = connect(s.url, `case:${anna}:veiligheid`, signedIn);
		await waitFor(() => c.provider.isSynced, 5000, 'sync');
		const { sessionIdFor } = await import('../../src/lib/server/auth/sessions');
		users.signOut(
			s.db,
			createContext({ actor: actors.load(s.db, w.people.veiligheid.id)!, now: new Date() }),
			sessionIdFor(token)
		);
		await waitFor(() => c.events.some(([e, v]) => e === 'close' && v === 4401), 5000, 'close');
		c.destroy();
	});

	it('closing a case downgrades editors to read-only', async () => {
		const dmitri = w.cases.dmitri.id;
		const c = connect(s.url, `case:${dmitri}:plan`, cookie('coordinator.zorg'));
		await waitFor(() => c.provider.isSynced, 5000, 'sync');
		expect(c.events).toContainEqual(['authenticated', 'read-write']);
		const owner = actors.load(s.db, w.people['coordinator.zorg'].id)!;
		const version = (
			s.db.$client.prepare('select version from case_file where id = ?').get(dmitri) as { version: number }
		).version;
		cases.setStatus(s.db, createContext({ actor: owner, now: new Date() }), dmitri, {
			status: 'closed',
			version
		});
		await waitFor(
			() => c.events.some(([e, v]) => e === 'authenticated' && v === 'readonly'),
			5000,
			'read-only scope'
		);
		c.destroy();
	});

	it('an expired session is closed by the sweep', async () => {
		const { cookie: signedIn, token } = s.cookieFor(w.people['coordinator.veiligheid']);
		const salon = w.cases.salon.id;
		const c = connect(s.url, `case:${salon}:plan`, signedIn);
		await waitFor(() => c.provider.isSynced, 5000, 'sync');
		const { sessionIdFor } = await import('../../src/lib/server/auth/sessions');
		s.db.$client
			.prepare('update session set expires_at = ? where id = ?')
			.run(Date.now() - 1000, sessionIdFor(token));
		for (const doc of s.collab.hocuspocus.documents.values())
			for (const conn of doc.getConnections())
				(conn.context as { sessionExpiresAt: number }).sessionExpiresAt = 0;
		await waitFor(() => c.events.some(([e, v]) => e === 'close' && v === 4401), 5000, 'close');
		c.destroy();
	});
});

describe('presence', () => {
	it('carries the name the server authenticated, not the one the client claims', async () => {
		const salon = w.cases.salon.id;
		const a = connect(s.url, `case:${salon}:veiligheid`, cookie('veiligheid'));
		const b = connect(s.url, `case:${salon}:veiligheid`, cookie('voorzitter.stuurtafel'));
		await waitFor(() => a.provider.isSynced && b.provider.isSynced, 5000, 'sync');
		a.provider.setAwarenessField('user', { name: 'De Burgemeester', id: 1 });
		a.provider.setAwarenessField('cursor', { anchor: 1 });
		await waitFor(
			() =>
				[...b.provider.awareness!.getStates().values()].some(
					(st) => (st as { user?: { name: string } }).user?.name === w.people.veiligheid.name
				),
			3000,
			'server name at b'
		);
		const names = [...b.provider.awareness!.getStates().values()].map(
			(st) => (st as { user?: { name: string } }).user?.name
		);
		expect(names).not.toContain('De Burgemeester');
		a.destroy();
		b.destroy();
	});
});

describe('limits and bad input', () => {
	it('closes a socket that sends an oversized message, and others go on', async () => {
		const small = await startServer({ maxPayload: 64 * 1024 });
		try {
			const sw = region(small);
			const bogdan = sw.cases.bogdan.id;
			const big = connect(small.url, `case:${bogdan}:plan`, cookie('zorg', small, sw));
			const other = connect(small.url, `case:${bogdan}:zorg`, cookie('coordinator.zorg', small, sw));
			await waitFor(() => big.provider.isSynced && other.provider.isSynced, 5000, 'sync');
			big.doc.getText('notes').insert(0, 'x'.repeat(200 * 1024));
			await waitFor(() => big.events.some(([e, v]) => e === 'close' && v === 1009), 5000, 'close 1009');
			big.destroy();
			other.doc.getText('notes').insert(0, 'gaat gewoon door');
			await waitFor(
				() =>
					small.collab.hocuspocus.documents.get(`case:${bogdan}:zorg`)?.getText('notes').toJSON() ===
					'gaat gewoon door',
				3000,
				'other doc'
			);
			other.destroy();
		} finally {
			await small.stop();
		}
	});

	it('closes a flooding socket', async () => {
		const tight = await startServer({ rate: { windowMs: 10_000, messages: 50, bytes: 10_000_000 } });
		try {
			const tw = region(tight);
			const bogdan = tw.cases.bogdan.id;
			const c = connect(tight.url, `case:${bogdan}:plan`, cookie('zorg', tight, tw));
			await waitFor(() => c.provider.isSynced, 5000, 'sync');
			for (let i = 0; i < 200; i++) c.doc.getText('notes').insert(0, 'a');
			await waitFor(() => c.events.some(([e, v]) => e === 'close' && v === 4429), 5000, 'close 4429');
			c.destroy();
		} finally {
			await tight.stop();
		}
	});

	it('survives malformed frames', async () => {
		const ws = new WebSocket(s.url, { headers: { cookie: cookie('zorg'), origin: ORIGIN } });
		await new Promise((resolve, reject) => {
			ws.once('open', resolve);
			ws.once('error', reject);
		});
		for (const bytes of [
			[0xff, 0xff, 0xff],
			[0],
			[1, 2, 3, 4, 5, 6, 7, 8, 9],
			Array.from({ length: 1000 }, (_, i) => i % 256)
		]) {
			ws.send(Buffer.from(bytes));
		}
		ws.send('tekst in plaats van binair');
		await sleep(300);
		ws.terminate();
		// The server still serves a normal client.
		const c = connect(s.url, `case:${anna}:plan`, cookie('coordinator.zorg'));
		await waitFor(() => c.provider.isSynced, 5000, 'sync after garbage');
		c.destroy();
	});
});

describe('redaction', () => {
	it('deleted text leaves no trace in the database files after compaction', async () => {
		const r = await startServer();
		try {
			const rw = region(r);
			const bogdan = rw.cases.bogdan.id;
			const name = `case:${bogdan}:zorg`;
			const marker = 'GEHEIM-MARKER-7f3a9c';
			const c = connect(r.url, name, cookie('zorg', r, rw));
			await waitFor(() => c.provider.isSynced, 5000, 'sync');
			const text = c.doc.getText('notes');
			text.insert(0, `Bewaren. ${marker} Ook bewaren.`);
			await waitFor(() => c.provider.unsyncedChanges === 0, 3000, 'ack');
			const files = () =>
				[r.file, `${r.file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f));
			expect(
				files().some((b) => b.includes(marker)),
				'marker is written before deletion'
			).toBe(true);
			const at = text.toJSON().indexOf(marker);
			text.delete(at, marker.length);
			await waitFor(() => c.provider.unsyncedChanges === 0, 3000, 'ack');
			c.destroy();
			await sleep(200);
			r.collab.store.compact(name);
			expect(files().some((b) => b.includes(marker))).toBe(false);
			// What was kept is still there.
			const { doc } = r.collab.store.load(name);
			expect(doc.getText('notes').toJSON()).toBe('Bewaren.  Ook bewaren.');
		} finally {
			await r.stop();
		}
	});
});
