// The workbench's CodeMirror editor: problems in the gutter only for the text they were found
// in, each on its value; go-to-problem moves the cursor there.
import { diagnosticCount, forEachDiagnostic } from '@codemirror/lint';
import { EditorView } from '@codemirror/view';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuleEditor, type RuleEditor } from '../../../pwa/workbench/code-editor.ts';

let editor: RuleEditor | undefined;
afterEach(() => {
  editor?.destroy();
  document.body.innerHTML = '';
});

function mount(text: string): { view: EditorView; changes: string[] } {
  const parent = document.createElement('div');
  document.body.append(parent);
  const changes: string[] = [];
  editor = createRuleEditor(parent, { text, labelledBy: 'label', describedBy: 'summary', onChange: (next) => changes.push(next) });
  const view = EditorView.findFromDOM(parent.querySelector('.cm-editor') as HTMLElement);
  if (!view) throw new Error('no editor');
  return { view, changes };
}

const TEXT = '{\n  "id": "x",\n  "parameters": { "retakeWaitDays": "one" }\n}\n';
const problem = { file: 'rules/offers/x.json', pointer: '/parameters/retakeWaitDays', message: 'must be a number, not "one"', line: 3, column: 37 };

describe('rule editor', () => {
  it('marks each problem on its value, at its line and column', () => {
    const { view } = mount(TEXT);
    editor?.showProblems(TEXT, [{ problem, severity: 'error' }, { problem: { file: problem.file, pointer: '/id', message: 'a warning', line: 2, column: 9 }, severity: 'warning' }]);
    const found: { text: string; line: number; severity: string; message: string }[] = [];
    forEachDiagnostic(view.state, (d, from, to) => found.push({ text: view.state.sliceDoc(from, to), line: view.state.doc.lineAt(from).number, severity: d.severity, message: d.message }));
    expect(found).toEqual([
      { text: '"x"', line: 2, severity: 'warning', message: '#/id: a warning' },
      { text: '"one"', line: 3, severity: 'error', message: '#/parameters/retakeWaitDays: must be a number, not "one"' },
    ]);
  });

  it('ignores problems found in a text the editor no longer holds', () => {
    const { view, changes } = mount(TEXT);
    editor?.replace(`${TEXT}\n`);
    expect(changes).toEqual([`${TEXT}\n`]);
    editor?.showProblems(TEXT, [{ problem, severity: 'error' }]);
    expect(diagnosticCount(view.state)).toBe(0);
    editor?.showProblems(`${TEXT}\n`, [{ problem, severity: 'error' }]);
    expect(diagnosticCount(view.state)).toBe(1);
  });

  it('goes to a problem: the cursor at its line and column', () => {
    const { view } = mount(TEXT);
    editor?.goTo(3, 37);
    const head = view.state.selection.main.head;
    expect(view.state.doc.lineAt(head).number).toBe(3);
    expect(view.state.sliceDoc(head, head + 5)).toBe('"one"');
  });
});
