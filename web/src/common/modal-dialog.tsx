/**
 * @module web/common/modal-dialog
 * A modal <dialog> (the browser keeps focus inside it and closes it on Escape), named by its heading.
 * Mounted open; closing asks the parent to unmount it, and focus goes back where it was. Inside it, the
 * element marked `data-autofocus` gets the focus first (React's autoFocus runs before the dialog opens).
 */
import { type ReactNode, useEffect, useId, useRef } from 'react'

export function ModalDialog({
  title,
  onClose,
  children,
  className,
}: {
  title: string
  onClose: () => void
  children: ReactNode
  className?: string
}) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const onCloseRef = useRef(onClose)
  onCloseRef.current = onClose

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    if (!dialog.open) dialog.showModal()
    // showModal focuses the first focusable element; a field or button that asks for focus gets it.
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus()
    const onCancel = (event: Event) => {
      event.preventDefault()
      onCloseRef.current()
    }
    dialog.addEventListener('cancel', onCancel)
    return () => {
      dialog.removeEventListener('cancel', onCancel)
      if (dialog.open) dialog.close()
      if (opener?.isConnected) opener.focus()
    }
  }, [])

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      className={className ? `modal ${className}` : 'modal'}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  )
}

/** "Are you sure?" with the action named on its button; Cancel is focused first. */
export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  cancelLabel,
  busy,
  danger,
  onConfirm,
  onCancel,
  children,
}: {
  title: string
  message: ReactNode
  confirmLabel: string
  cancelLabel: string
  busy?: boolean
  danger?: boolean
  onConfirm: () => void
  onCancel: () => void
  children?: ReactNode
}) {
  return (
    <ModalDialog title={title} onClose={onCancel}>
      <p>{message}</p>
      {children}
      <div className="form-actions">
        <button
          type="button"
          className={danger ? 'danger' : 'primary'}
          disabled={busy}
          onClick={onConfirm}
        >
          {confirmLabel}
        </button>
        {/* The safe choice is focused in a confirmation. */}
        <button type="button" data-autofocus onClick={onCancel}>
          {cancelLabel}
        </button>
      </div>
    </ModalDialog>
  )
}
