/**
 * @module web/proposals/proposal-dialogs
 * Deciding a proposal addressed to this node: accept (confirm: its consignment is created here in
 * planned, reserving the stock) or decline (a reason is required; the proposing planners read it).
 * A refusal — stock no longer there, decided meanwhile — is shown in the dialog as the server said it.
 * Withdrawing one of this node's own, not decided yet, is a confirmation too.
 */
import type { FormEvent } from 'react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiRequest } from '../api.js'
import { FormError, fieldErrorsOf, TextField } from '../common/form.js'
import { ConfirmDialog, ModalDialog } from '../common/modal-dialog.js'
import { useSubmit } from '../common/use-submit.js'
import { type ProposalBody, proposalRef } from './proposal-model.js'

interface DecideProps {
  proposal: ProposalBody
  onDone: () => void
  onClose: () => void
}

export function AcceptDialog({ proposal, onDone, onClose }: DecideProps) {
  const { t } = useTranslation()
  const submit = useSubmit()
  const accept = async () => {
    const outcome = await submit.run(() =>
      apiRequest('POST', `/api/proposals/${encodeURIComponent(proposal.id)}/accept`),
    )
    if (outcome.ok) onDone()
  }
  return (
    <ConfirmDialog
      title={t('proposals.accept.title', { ref: proposalRef(proposal.id) })}
      message={t('proposals.accept.message')}
      confirmLabel={submit.busy ? t('proposals.accept.saving') : t('proposals.accept.submit')}
      cancelLabel={t('form.cancel')}
      busy={submit.busy}
      onConfirm={() => void accept()}
      onCancel={onClose}
    >
      <FormError error={submit.error} />
    </ConfirmDialog>
  )
}

export function DeclineDialog({ proposal, onDone, onClose }: DecideProps) {
  const { t } = useTranslation()
  const submit = useSubmit()
  const [reason, setReason] = useState('')
  const [tried, setTried] = useState(false)
  const serverErrors = fieldErrorsOf(submit.error)
  const missing = reason.trim() === ''
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    if (missing) return
    const outcome = await submit.run(() =>
      apiRequest('POST', `/api/proposals/${encodeURIComponent(proposal.id)}/decline`, {
        reason: reason.trim(),
      }),
    )
    if (outcome.ok) onDone()
  }
  return (
    <ModalDialog
      title={t('proposals.decline.title', { ref: proposalRef(proposal.id) })}
      onClose={onClose}
    >
      <FormError error={submit.error} fieldErrors={serverErrors} />
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <TextField
          label={t('proposals.decline.reason')}
          name="reason"
          value={reason}
          maxLength={2000}
          onChange={setReason}
          hint={t('proposals.decline.hint')}
          error={
            serverErrors.reason ?? (tried && missing ? t('proposals.decline.required') : undefined)
          }
          required
          autoFocus
        />
        <div className="form-actions">
          <button type="submit" className="danger" disabled={submit.busy}>
            {submit.busy ? t('proposals.decline.saving') : t('proposals.decline.submit')}
          </button>
          <button type="button" onClick={onClose}>
            {t('form.cancel')}
          </button>
        </div>
      </form>
    </ModalDialog>
  )
}

export function WithdrawDialog({ proposal, onDone, onClose }: DecideProps) {
  const { t } = useTranslation()
  const submit = useSubmit()
  const withdraw = async () => {
    const outcome = await submit.run(() =>
      apiRequest('POST', `/api/proposals/${encodeURIComponent(proposal.id)}/withdraw`),
    )
    if (outcome.ok) onDone()
  }
  return (
    <ConfirmDialog
      title={t('proposals.withdraw.title', { ref: proposalRef(proposal.id) })}
      message={t('proposals.withdraw.message')}
      confirmLabel={submit.busy ? t('proposals.withdraw.saving') : t('proposals.withdraw.submit')}
      cancelLabel={t('form.cancel')}
      busy={submit.busy}
      onConfirm={() => void withdraw()}
      onCancel={onClose}
    >
      <FormError error={submit.error} />
    </ConfirmDialog>
  )
}
