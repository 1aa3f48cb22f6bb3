/**
 * @module web/peers/peer-dialogs
 * The changes to a peer, each in a dialog that names the peer and sends the version it was shown at (a
 * change made meanwhile is refused, not overwritten): suspend (asks why), resume, rotate its key (the new
 * public key, and optionally the last seq the old one may sign), and move it to a new URL.
 */
import { type PeerView, peerUpdateSchema } from '@contract/peers.js'
import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiRequest } from '../api.js'
import { FormError, fieldErrorsOf, TextField, translateErrors } from '../common/form.js'
import { ConfirmDialog, ModalDialog } from '../common/modal-dialog.js'
import { useSubmit } from '../common/use-submit.js'
import { normaliseWhole } from '../common/whole-number.js'
import { KeyField, peerSchemaErrors, urlProblem } from './peer-fields.js'

export type PeerAction = 'suspend' | 'reactivate' | 'rotate-key' | 'set-url'

export function PeerDialog({
  action,
  peer,
  name,
  onDone,
  onCancel,
}: {
  action: PeerAction
  peer: PeerView
  /** The peer as the admin knows it: its organisation's code. */
  name: string
  onDone: (peer: PeerView) => void
  onCancel: () => void
}) {
  const { t } = useTranslation()
  const submit = useSubmit()
  const [reason, setReason] = useState('')
  const [publicKey, setPublicKey] = useState('')
  const [validTo, setValidTo] = useState('')
  const [url, setUrl] = useState(peer.url)
  const [tried, setTried] = useState(false)

  const seqText = normaliseWhole(validTo)
  const seq = seqText === '' ? undefined : /^\d+$/.test(seqText) ? Number(seqText) : null
  const body = {
    action,
    version: peer.version,
    ...(action === 'suspend' ? { reason } : {}),
    ...(action === 'rotate-key'
      ? { publicKey, ...(seq !== undefined && seq !== null ? { oldKeyValidToSeq: seq } : {}) }
      : {}),
    ...(action === 'set-url' ? { url } : {}),
  }
  const typed: Record<string, string> = { reason, publicKey, url }
  const problems = peerSchemaErrors(
    peerUpdateSchema,
    body,
    (field) => tried || (typed[field] ?? '') !== '',
  )
  if (action === 'set-url' && !problems.url && urlProblem(url)) problems.url = 'peers.invalid.url'
  if (action === 'rotate-key' && seq === null) problems.oldKeyValidToSeq = 'peers.invalid.seq'
  const fieldErrors = { ...fieldErrorsOf(submit.error), ...translateErrors(t, problems) }

  const send = async (event?: FormEvent) => {
    event?.preventDefault()
    setTried(true)
    const all = peerSchemaErrors(peerUpdateSchema, body, () => true)
    if (Object.keys(all).length > 0 || Object.keys(problems).length > 0) return
    const outcome = await submit.run(() =>
      apiRequest<PeerView>('PATCH', `/api/peers/${peer.id}`, body),
    )
    if (outcome.ok) onDone(outcome.value)
  }

  if (action === 'reactivate')
    return (
      <ConfirmDialog
        title={t('peers.resume.title', { name })}
        message={t('peers.resume.confirm', { name })}
        confirmLabel={t('peers.actions.resume')}
        cancelLabel={t('form.cancel')}
        busy={submit.busy}
        onConfirm={() => void send()}
        onCancel={onCancel}
      >
        <FormError error={submit.error} />
      </ConfirmDialog>
    )

  const titles = {
    suspend: 'peers.suspend.title',
    'rotate-key': 'peers.rotate.title',
    'set-url': 'peers.editUrl.title',
  } as const
  return (
    <ModalDialog title={t(titles[action], { name })} onClose={onCancel}>
      <form onSubmit={(event) => void send(event)} noValidate>
        <FormError error={submit.error} fieldErrors={fieldErrors} />
        {action === 'suspend' && (
          <>
            <p>{t('peers.suspend.confirm', { name })}</p>
            <TextField
              label={t('peers.fields.reason')}
              name="reason"
              value={reason}
              onChange={setReason}
              error={fieldErrors.reason}
              maxLength={500}
              required
              autoFocus
            />
          </>
        )}
        {action === 'rotate-key' && (
          <>
            <p>{t('peers.rotate.intro', { name })}</p>
            <KeyField
              label={t('peers.fields.newPublicKey')}
              value={publicKey}
              onChange={setPublicKey}
              hint={t('peers.rotate.keyHint')}
              error={fieldErrors.publicKey}
            />
            <TextField
              label={t('peers.fields.oldKeyValidToSeq')}
              name="oldKeyValidToSeq"
              inputMode="numeric"
              value={validTo}
              onChange={setValidTo}
              hint={t('peers.rotate.seqHint', { head: peer.sync.head })}
              error={fieldErrors.oldKeyValidToSeq}
              optional
            />
          </>
        )}
        {action === 'set-url' && (
          <TextField
            label={t('peers.fields.url')}
            name="url"
            value={url}
            onChange={setUrl}
            hint={t('peers.add.urlHint')}
            error={fieldErrors.url}
            maxLength={500}
            spellCheck={false}
            required
            autoFocus
          />
        )}
        <div className="form-actions">
          <button
            type="submit"
            className={action === 'suspend' ? 'danger' : 'primary'}
            disabled={submit.busy}
          >
            {t(
              action === 'suspend'
                ? 'peers.actions.suspend'
                : action === 'rotate-key'
                  ? 'peers.actions.rotateKey'
                  : 'peers.editUrl.save',
            )}
          </button>
          <button type="button" onClick={onCancel}>
            {t('form.cancel')}
          </button>
        </div>
      </form>
    </ModalDialog>
  )
}
