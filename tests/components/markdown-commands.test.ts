import { describe, expect, it } from 'vitest'
import {
  ariaShortcut,
  commandFor,
  insertion,
  markdownEdit,
  MARKDOWN_COMMANDS,
  shortcutLabel,
  type KeyPress,
  type MarkdownCommand,
  type TextEdit,
  type TextState,
} from '../../src/components/editor/markdown-commands'

/** Text with its selection written in: «…» is selected, | is the caret. */
function parse(marked: string): TextState {
  const caret = marked.indexOf('|')
  if (caret >= 0) return { value: marked.replace('|', ''), start: caret, end: caret }
  const start = marked.indexOf('«')
  const end = marked.indexOf('»') - 1
  return { value: marked.replace('«', '').replace('»', ''), start, end }
}
function write(value: string, start: number, end: number): string {
  return start === end
    ? `${value.slice(0, start)}|${value.slice(start)}`
    : `${value.slice(0, start)}«${value.slice(start, end)}»${value.slice(end)}`
}
function after(state: TextState, edit: TextEdit): string {
  return write(state.value.slice(0, edit.from) + edit.text + state.value.slice(edit.to), edit.selectionStart, edit.selectionEnd)
}
const run = (command: MarkdownCommand, marked: string) => after(parse(marked), markdownEdit(command, parse(marked)))

describe('Markdown commands on the story text', () => {
  it('makes the selection bold or italic, and takes it back when run again', () => {
    expect(run('bold', 'We sent «new shoes» overnight')).toBe('We sent **«new shoes»** overnight')
    expect(run('bold', 'We sent **«new shoes»** overnight')).toBe('We sent «new shoes» overnight')
    expect(run('bold', 'We sent «**new shoes**» overnight')).toBe('We sent «new shoes» overnight')
    expect(run('italic', 'a «word» b')).toBe('a _«word»_ b')
    expect(run('italic', 'a _«word»_ b')).toBe('a «word» b')
    // A double-click's trailing space stays outside the markers.
    expect(run('bold', 'a «word »b')).toBe('a **«word»** b')
    // Nothing selected: the markers, with the caret between them to type.
    expect(run('bold', 'Say |')).toBe('Say **|**')
  })

  it('turns the lines the selection touches into a heading, a list or a quote, and back', () => {
    expect(run('heading', 'Title| here\nbody')).toBe('## Title| here\nbody')
    expect(run('heading', '## Title| here\nbody')).toBe('Title| here\nbody')
    expect(run('heading', '### Deep|')).toBe('## Deep|')
    expect(run('bulletList', '«one\ntwo»\nthree')).toBe('«- one\n- two»\nthree')
    expect(run('bulletList', '«- one\n- two»')).toBe('«one\ntwo»')
    expect(run('numberedList', 'x\n«one\n\ntwo\nthree»')).toBe('x\n«1. one\n\n2. two\n3. three»')
    // A bulleted list becomes a numbered one, not "1. - one".
    expect(run('numberedList', '«- one\n- two»')).toBe('«1. one\n2. two»')
    expect(run('quote', 'He said:\n«Thank you\nfor being human.»')).toBe('He said:\n«> Thank you\n> for being human.»')
    expect(run('quote', '> Thank| you')).toBe('Thank| you')
    // Selecting to the start of the next line (a triple-click) leaves that line alone.
    expect(run('bulletList', '«one\n»two')).toBe('«- one»\ntwo')
    // An empty line gets the marker, ready to type.
    expect(run('bulletList', 'a\n|')).toBe('a\n- |')
  })

  it('writes a link around the selection with the address selected to type over', () => {
    expect(run('link', 'see «the guide» now')).toBe('see [the guide](«https://») now')
    expect(run('link', 'see | now')).toBe('see [|](https://) now')
    expect(run('link', 'see «https://example.org/a» now')).toBe('see [|](https://example.org/a) now')
  })

  it('types over the selection, as a paste does', () => {
    const state = parse('a «b» c')
    expect(after(state, insertion(state, '![photo](photo:1)'))).toBe('a ![photo](photo:1)| c')
  })
})

describe('the editor’s shortcuts', () => {
  const press = (over: Partial<KeyPress>): KeyPress => ({
    key: '',
    code: '',
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...over,
  })

  it('maps each command’s keys with Ctrl, or ⌘ on a Mac, and nothing else', () => {
    expect(commandFor(press({ key: 'b', code: 'KeyB', ctrlKey: true }), false)).toBe('bold')
    expect(commandFor(press({ key: 'b', code: 'KeyB', metaKey: true }), true)).toBe('bold')
    expect(commandFor(press({ key: 'b', code: 'KeyB', metaKey: true }), false)).toBeNull()
    expect(commandFor(press({ key: 'b', code: 'KeyB' }), false)).toBeNull()
    expect(commandFor(press({ key: 'k', code: 'KeyK', ctrlKey: true }), false)).toBe('link')
    // Digits by the key's place: Shift+7 is "/" on a Danish keyboard and "&" on an American one.
    expect(commandFor(press({ key: '/', code: 'Digit7', ctrlKey: true, shiftKey: true }), false)).toBe('numberedList')
    expect(commandFor(press({ key: '*', code: 'Digit8', ctrlKey: true, shiftKey: true }), false)).toBe('bulletList')
    expect(commandFor(press({ key: '(', code: 'Digit9', ctrlKey: true, shiftKey: true }), false)).toBe('quote')
    expect(commandFor(press({ key: '2', code: 'Digit2', ctrlKey: true, altKey: true }), false)).toBe('heading')
    // AltGr+2 types @ on Danish and Swedish keyboards: never a heading.
    expect(commandFor(press({ key: '@', code: 'Digit2', ctrlKey: true, altKey: true, altGraph: true }), false)).toBeNull()
    // Letters of another alphabet: the key's place decides.
    expect(commandFor(press({ key: 'и', code: 'KeyB', ctrlKey: true }), false)).toBe('bold')
    expect(commandFor(press({ key: 'B', code: 'KeyB', ctrlKey: true, shiftKey: true }), false)).toBeNull()
  })

  it('writes every shortcut for the tooltip and for assistive technology from the same table', () => {
    expect(shortcutLabel('numberedList', false)).toBe('Ctrl+Shift+7')
    expect(shortcutLabel('heading', false)).toBe('Ctrl+Alt+2')
    expect(shortcutLabel('bold', true)).toBe('⌘B')
    expect(ariaShortcut('heading', true)).toBe('Meta+Alt+2')
    const labels = MARKDOWN_COMMANDS.map((c) => shortcutLabel(c, false))
    expect(new Set(labels).size).toBe(MARKDOWN_COMMANDS.length)
  })
})
