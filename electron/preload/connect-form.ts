/**
 * What the Connect to Team Library dialog does (connect-window.ts builds its page, which has no
 * script of its own): its preload wires the form here. Typed structurally, without the DOM library,
 * since the preload is checked with the main process's settings.
 */
export interface FormElement {
  textContent: string | null
  value?: string
  disabled?: boolean
  dataset?: Record<string, string | undefined>
  setAttribute(name: string, value: string): void
  removeAttribute(name: string): void
  focus(): void
  addEventListener(type: string, listener: (event: { preventDefault(): void; key?: string }) => void): void
}

export interface FormDocument {
  getElementById(id: string): FormElement | null
  addEventListener(type: string, listener: (event: { key?: string }) => void): void
}

/**
 * Connect sends the address to the main process, which answers null (it opens the team library and
 * closes the dialog) or the problem in words, shown beside the field; Cancel and Escape close it.
 */
export function wireConnectForm(doc: FormDocument, connect: (typed: string) => Promise<string | null>, cancel: () => void): void {
  const part = (id: string) => doc.getElementById(id) as FormElement
  const [form, input, problem, status, submit] = ['connect', 'address', 'problem', 'status', 'submit'].map(part)
  part('cancel').addEventListener('click', cancel)
  doc.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') cancel()
  })
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    if (submit.disabled) return
    submit.disabled = true
    problem.textContent = ''
    input.removeAttribute('aria-invalid')
    status.textContent = status.dataset?.checking ?? ''
    void connect(input.value ?? '').then((answer) => {
      submit.disabled = false
      status.textContent = ''
      if (answer === null) return
      problem.textContent = answer
      input.setAttribute('aria-invalid', 'true')
      input.focus()
    })
  })
}
