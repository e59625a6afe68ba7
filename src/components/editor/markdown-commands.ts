/**
 * The story editor's Markdown commands as text transformations: what to replace in a textarea's value
 * and what to select afterwards. Pure (strings in, an edit out) except `applyEdit` and `insertAtCursor`,
 * which put an edit into a textarea so that the browser's own undo can take it back.
 */

export const MARKDOWN_COMMANDS = ['bold', 'italic', 'heading', 'bulletList', 'numberedList', 'quote', 'link'] as const
export type MarkdownCommand = (typeof MARKDOWN_COMMANDS)[number]

/** A textarea's value and selection. */
export interface TextState {
  value: string
  start: number
  end: number
}

/** Replace `from`–`to` with `text`, then select `selectionStart`–`selectionEnd` (in the new value). */
export interface TextEdit {
  from: number
  to: number
  text: string
  selectionStart: number
  selectionEnd: number
}

const INLINE: Partial<Record<MarkdownCommand, string>> = { bold: '**', italic: '_' }

/** The edit a command makes to the text as it stands. */
export function markdownEdit(command: MarkdownCommand, state: TextState): TextEdit {
  const marker = INLINE[command]
  if (marker) return toggleInline(state, marker)
  if (command === 'link') return link(state)
  return toggleLines(state, command as LineCommand)
}

/** Typing `text` over the selection: the caret ends after it. */
export function insertion(state: TextState, text: string): TextEdit {
  const caret = state.start + text.length
  return { from: state.start, to: state.end, text, selectionStart: caret, selectionEnd: caret }
}

/**
 * `**word**` around the selection, or taken away when it is already there (inside or just outside
 * the selection). Spaces a double-click selected stay outside the markers: `** word**` is not bold.
 */
function toggleInline({ value, start, end }: TextState, marker: string): TextEdit {
  const m = marker.length
  const selected = value.slice(start, end)
  if (selected.length >= 2 * m && selected.startsWith(marker) && selected.endsWith(marker)) {
    const inner = selected.slice(m, -m)
    return { from: start, to: end, text: inner, selectionStart: start, selectionEnd: start + inner.length }
  }
  if (
    value.slice(start - m, start) === marker &&
    value.slice(end, end + m) === marker &&
    !(marker === '_' && value[start - m - 1] === '_')
  ) {
    return { from: start - m, to: end + m, text: selected, selectionStart: start - m, selectionEnd: end - m }
  }
  const lead = selected.length - selected.trimStart().length
  const trail = selected.length - selected.trimEnd().length
  const from = start + lead
  const to = Math.max(from, end - trail)
  const inner = value.slice(from, to)
  return { from, to, text: `${marker}${inner}${marker}`, selectionStart: from + m, selectionEnd: from + m + inner.length }
}

const URL_LIKE = /^(https?:\/\/|mailto:)\S+$/i
const URL_PLACEHOLDER = 'https://'

/** `[selection](https://)` with the address selected to type over; a selected address becomes the link's target. */
function link({ value, start, end }: TextState): TextEdit {
  const selected = value.slice(start, end).trim()
  if (URL_LIKE.test(selected)) {
    return { from: start, to: end, text: `[](${selected})`, selectionStart: start + 1, selectionEnd: start + 1 }
  }
  const text = `[${selected}](${URL_PLACEHOLDER})`
  // Nothing selected: the caret goes between the brackets, for the link's words.
  if (!selected) return { from: start, to: end, text, selectionStart: start + 1, selectionEnd: start + 1 }
  const address = start + selected.length + 3
  return { from: start, to: end, text, selectionStart: address, selectionEnd: address + URL_PLACEHOLDER.length }
}

type LineCommand = 'heading' | 'bulletList' | 'numberedList' | 'quote'

/** What starts a line of each kind; a heading of another level or a list of another kind is replaced, not stacked. */
const LINE_MARKER: Record<LineCommand, RegExp> = {
  heading: /^## /,
  bulletList: /^[-*+] /,
  numberedList: /^\d{1,9}[.)] /,
  quote: /^> ?/,
}
const LIST = /^([-*+]|\d{1,9}[.)]) /
const ANY_HEADING = /^#{1,6} /

function prefixFor(command: LineCommand, n: number): string {
  return { heading: '## ', bulletList: '- ', numberedList: `${n}. `, quote: '> ' }[command]
}

/**
 * Every line the selection touches gets the command's marker, or loses it when all of them (the
 * blank ones aside) already have it. A selection ending at the very start of a line leaves that line be.
 */
function toggleLines({ value, start, end }: TextState, command: LineCommand): TextEdit {
  const from = value.lastIndexOf('\n', start - 1) + 1
  const lastEnd = end > start && value[end - 1] === '\n' ? end - 1 : end
  const nextBreak = value.indexOf('\n', lastEnd)
  const to = nextBreak === -1 ? value.length : nextBreak
  const lines = value.slice(from, to).split('\n')
  const marker = LINE_MARKER[command]
  const filled = lines.filter((l) => l.trim())
  const remove = filled.length > 0 && filled.every((l) => marker.test(l))
  let n = 0
  const changed = lines.map((line) => {
    if (!line.trim() && lines.length > 1) return line
    if (remove) return line.replace(marker, '')
    const bare = command === 'heading' ? line.replace(ANY_HEADING, '') : command === 'quote' ? line : line.replace(LIST, '')
    return prefixFor(command, ++n) + bare
  })
  const text = changed.join('\n')
  if (start === end && lines.length === 1) {
    // A caret stays where it was in the words, moved by what changed before it.
    const caret = Math.max(from, Math.min(from + text.length, start + text.length - lines[0].length))
    return { from, to, text, selectionStart: caret, selectionEnd: caret }
  }
  return { from, to, text, selectionStart: from, selectionEnd: from + text.length }
}

/** A key press, as much of a KeyboardEvent as the shortcuts read. */
export interface KeyPress {
  key: string
  code: string
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
  altKey: boolean
  /** AltGr (Ctrl+Alt on Windows) types characters such as @ on Danish and Swedish keyboards: never a shortcut. */
  altGraph?: boolean
}

interface Shortcut {
  /** A letter (matched by the character typed, or by the key's place for other alphabets) or a digit key's place. */
  key: string
  shift?: boolean
  alt?: boolean
}

/**
 * The editor's shortcuts, with Ctrl (⌘ on a Mac): those of Google Docs and most Markdown editors.
 * The tooltips show them from this same table.
 */
export const SHORTCUTS: Record<MarkdownCommand, Shortcut> = {
  bold: { key: 'B' },
  italic: { key: 'I' },
  heading: { key: '2', alt: true },
  bulletList: { key: '8', shift: true },
  numberedList: { key: '7', shift: true },
  quote: { key: '9', shift: true },
  link: { key: 'K' },
}

/** The command a key press asks for in the editor, if any. */
export function commandFor(press: KeyPress, mac: boolean): MarkdownCommand | null {
  if (press.altGraph || (mac ? !press.metaKey || press.ctrlKey : !press.ctrlKey || press.metaKey)) return null
  for (const command of MARKDOWN_COMMANDS) {
    const s = SHORTCUTS[command]
    if (!!s.shift !== press.shiftKey || !!s.alt !== press.altKey) continue
    const digit = /^\d$/.test(s.key)
    if (digit ? press.code === `Digit${s.key}` : press.key.toUpperCase() === s.key || press.code === `Key${s.key}`) return command
  }
  return null
}

/** How a tooltip writes a command's shortcut: "Ctrl+Shift+7" or, on a Mac, "⇧⌘7". */
export function shortcutLabel(command: MarkdownCommand, mac: boolean): string {
  const s = SHORTCUTS[command]
  if (mac) return `${s.alt ? '⌥' : ''}${s.shift ? '⇧' : ''}⌘${s.key}`
  return ['Ctrl', s.alt && 'Alt', s.shift && 'Shift', s.key].filter(Boolean).join('+')
}

/** The shortcut for aria-keyshortcuts: "Control+Shift+7", "Meta+B". */
export function ariaShortcut(command: MarkdownCommand, mac: boolean): string {
  const s = SHORTCUTS[command]
  return [mac ? 'Meta' : 'Control', s.alt && 'Alt', s.shift && 'Shift', s.key].filter(Boolean).join('+')
}

/**
 * Puts an edit into the textarea as typing would: through the browser's insertText command where
 * there is one, so Ctrl+Z takes it back, else with setRangeText and an input event (v-model hears both).
 */
function applyEdit(textarea: HTMLTextAreaElement, edit: TextEdit): void {
  textarea.focus()
  textarea.setSelectionRange(edit.from, edit.to)
  const before = textarea.value
  let typed: boolean
  try {
    typed =
      typeof document.execCommand === 'function' &&
      (edit.text ? document.execCommand('insertText', false, edit.text) : document.execCommand('delete', false))
  } catch {
    typed = false
  }
  const expected = before.slice(0, edit.from) + edit.text + before.slice(edit.to)
  if (!typed || textarea.value !== expected) {
    textarea.value = before
    textarea.setRangeText(edit.text, edit.from, edit.to)
    textarea.dispatchEvent(new Event('input', { bubbles: true }))
  }
  textarea.setSelectionRange(edit.selectionStart, edit.selectionEnd)
}

/** Types `text` at the caret (over the selection), as pasting would. */
export function insertAtCursor(textarea: HTMLTextAreaElement, text: string): void {
  applyEdit(textarea, insertion({ value: textarea.value, start: textarea.selectionStart, end: textarea.selectionEnd }, text))
}

/** Runs a command on the textarea. */
export function runCommand(textarea: HTMLTextAreaElement, command: MarkdownCommand): void {
  applyEdit(textarea, markdownEdit(command, { value: textarea.value, start: textarea.selectionStart, end: textarea.selectionEnd }))
}
