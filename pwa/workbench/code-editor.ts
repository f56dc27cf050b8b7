// The workbench's code editor: CodeMirror 6 with JSON highlighting, line numbers, and a lint
// gutter showing the problems the workbench's checker (the one behind `rules:check`) found,
// each at its line and column. Loaded with the workbench only: the candidate's screens never
// download it.
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { type Diagnostic, lintGutter, setDiagnostics } from '@codemirror/lint';
import { EditorSelection, EditorState, type Text } from '@codemirror/state';
import { EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import type { PlacedProblem } from '../rules/workbench-engine.ts';
import './workbench.css';

export interface RuleEditorOptions {
  text: string;
  /** The id of the element that names the editor, and of the one that describes it. */
  labelledBy: string;
  describedBy: string;
  onChange: (text: string) => void;
}

export interface RuleEditor {
  /** Shows the problems found in `text`, when it is still the editor's text (a newer edit waits for its own check). */
  showProblems: (text: string, problems: readonly { problem: PlacedProblem; severity: 'error' | 'warning' }[]) => void;
  /** Puts the cursor at a line and column, scrolls it into view and focuses the editor. */
  goTo: (line: number, column: number) => void;
  /** Replaces the whole text (a file opened), as one undoable change. */
  replace: (text: string) => void;
  destroy: () => void;
}

// Colours with enough contrast on white for the line numbers and the active line.
const theme = EditorView.theme({
  '&': { height: '28rem', border: '1px solid #767676', borderRadius: '4px', backgroundColor: '#fff', color: '#1a1a1a' },
  '&.cm-focused': { outline: '2px solid #1f4e79', outlineOffset: '1px' },
  '.cm-scroller': { fontFamily: "ui-monospace, 'SFMono-Regular', Menlo, monospace", fontSize: '0.85rem', lineHeight: '1.4' },
  '.cm-gutters': { backgroundColor: '#f3f3f3', color: '#4a4a4a', borderRight: '1px solid #d0d0d0' },
  '.cm-activeLineGutter': { backgroundColor: '#dde6f0', color: '#1a1a1a' },
  '.cm-activeLine': { backgroundColor: '#eef3f8' },
});

function offsetOf(doc: Text, line: number, column: number): number {
  const at = doc.line(Math.min(Math.max(line, 1), doc.lines));
  return Math.min(at.from + Math.max(column, 1) - 1, at.to);
}

/** The value that starts at `from` (a quoted text, or a word or number), on its line. */
function valueEnd(doc: Text, from: number): number {
  const line = doc.lineAt(from);
  const rest = line.text.slice(from - line.from);
  const quoted = /^"(?:[^"\\]|\\.)*"?/.exec(rest);
  const bare = /^[^\s,\]}]*/.exec(rest);
  const length = rest.startsWith('"') ? (quoted?.[0].length ?? 1) : (bare?.[0].length ?? 0);
  return from + Math.max(length, rest.length > 0 ? 1 : 0);
}

function diagnostic(doc: Text, problem: PlacedProblem, severity: 'error' | 'warning'): Diagnostic {
  const from = problem.line === undefined ? 0 : offsetOf(doc, problem.line, problem.column ?? 1);
  const message = `#${problem.pointer || '/'}: ${problem.message}${problem.hint ? ` (${problem.hint})` : ''}`;
  return { from, to: valueEnd(doc, from), severity, message };
}

export function createRuleEditor(parent: HTMLElement, options: RuleEditorOptions): RuleEditor {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightActiveLine(),
        history(),
        bracketMatching(),
        json(),
        syntaxHighlighting(defaultHighlightStyle),
        lintGutter(),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        theme,
        // An explicit tabindex tells accessibility checkers the scrolled area has keyboard-focusable content.
        EditorView.contentAttributes.of({ 'aria-labelledby': options.labelledBy, 'aria-describedby': options.describedBy, spellcheck: 'false', tabindex: '0' }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    showProblems(text, problems) {
      const { doc } = view.state;
      if (doc.toString() !== text) return;
      view.dispatch(setDiagnostics(view.state, problems.map(({ problem, severity }) => diagnostic(doc, problem, severity))));
    },
    goTo(line, column) {
      const at = offsetOf(view.state.doc, line, column);
      view.dispatch({ selection: EditorSelection.cursor(at), effects: EditorView.scrollIntoView(at, { y: 'center' }) });
      view.focus();
    },
    replace(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    destroy() {
      view.destroy();
    },
  };
}
