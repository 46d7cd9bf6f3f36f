/**
 * A TipTap editor bound to the `notes` field of a collaboration document, with carets of the
 * others. Loaded on demand in the browser. The editor's own style injection is off (the CSP
 * allows no inline styles); app.css carries its few rules.
 */
import type { CollabDoc } from './connection.svelte';
import { PLAN_DOC } from './schema';

export interface NotesEditor {
	setEditable(editable: boolean): void;
	destroy(): void;
}

export async function mountNotesEditor(
	element: HTMLElement,
	collab: CollabDoc,
	options: { label: string; testId: string; userName: string }
): Promise<NotesEditor> {
	const [{ Editor }, { default: StarterKit }, { default: Collaboration }, { default: CollaborationCaret }] =
		await Promise.all([
			import('@tiptap/core'),
			import('@tiptap/starter-kit'),
			import('@tiptap/extension-collaboration'),
			import('@tiptap/extension-collaboration-caret')
		]);
	let editable = false;
	const editor = new Editor({
		element,
		injectCSS: false,
		editable: false,
		extensions: [
			StarterKit.configure({ undoRedo: false }),
			// Plan and agenda-item documents keep their notes under the same key (ITEM_DOC.notes).
			Collaboration.configure({ document: collab.doc, field: PLAN_DOC.notes }),
			CollaborationCaret.configure({
				provider: collab.provider,
				user: { name: options.userName, color: '#154273' },
				// A class instead of the default inline style, which the CSP (style-src 'self') blocks.
				selectionRender: () => ({ class: 'collaboration-carets__selection' })
			})
		],
		editorProps: {
			// Recomputed when editability changes, so assistive technology hears "read-only" too.
			attributes: () => ({
				class: 'plan-notes__editor',
				role: 'textbox',
				'aria-multiline': 'true',
				'aria-readonly': String(!editable),
				'aria-label': options.label,
				'data-testid': options.testId
			})
		}
	});
	return {
		setEditable: (value) => {
			editable = value;
			editor.setEditable(value);
		},
		destroy: () => editor.destroy()
	};
}
