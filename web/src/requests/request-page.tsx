/**
 * @module web/requests/request-page
 * /requests/:id: one request — its code, status, destination, needed-by and justification; its item lines
 * with their progress and its capability lines with their tasking; the actions its status allows that
 * this user may take (submit and cancel for the requesting organisation, validate, reject with a reason,
 * and close for the hub's planners; task a capability line to a partner, and the partner's answers);
 * the warnings of a submission (a possible duplicate, linked); the tracking link to share; and, for
 * administrators, its history from the audit log. A refused action names the actions allowed instead
 * (409 `invalid_transition` → `details.allowed`) and the request is read again.
 */
import type { UserView } from '@contract/access.js'
import type { RequestWarningView } from '@contract/requests.js'
import { type FormEvent, type ReactNode, useEffect, useId, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiError, apiRequest } from '../api.js'
import { describeError, ErrorMessage } from '../common/error-message.js'
import { SelectField } from '../common/form.js'
import { HomeBadge, isReplica, ReplicaNote, useThisNode } from '../common/home-badge.js'
import { ConfirmDialog, ModalDialog } from '../common/modal-dialog.js'
import { useApiData } from '../common/use-api-data.js'
import { useSubmit } from '../common/use-submit.js'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { Link } from '../router.js'
import { hasRole, useSignedInSession } from '../session/session.js'
import {
  isOverdue,
  LineProgress,
  PriorityBadge,
  ProgressKey,
  StatusBadge,
  ZonedTime,
  zonedTimestamp,
} from './request-bits.js'
import {
  named,
  type Organisations,
  useItems,
  useOrganisations,
  usePlaces,
  useUnitName,
} from './request-lookups.js'
import {
  type ActionResult,
  allowedActions,
  allowedCapabilityActions,
  allowedOf,
  type CapabilityAction,
  type CapabilityLine,
  capabilityLines,
  isFinished,
  itemLines,
  mayAct,
  mayActOnCapability,
  type RequestAction,
  type RequestView,
  refusedStatusOf,
} from './request-model.js'

interface AuditEvent {
  seq: number
  at: string
  actor: string
  kind: string
  subject: string
  body: unknown
}
interface AuditList {
  events: AuditEvent[]
  total: number
}

/** The order action buttons appear in: forward first, then the ways out. */
const actionOrder: readonly RequestAction[] = ['submit', 'validate', 'close', 'reject', 'cancel']

type Done =
  | {
      kind: 'request'
      action: RequestAction
      warnings: RequestWarningView[]
      duplicates: string[]
    }
  | { kind: 'capability'; action: CapabilityAction; line: CapabilityLine }

export function RequestPage({ id }: { id: string }) {
  const { t } = useTranslation()
  const language = useLanguage()
  const session = useSignedInSession()
  const thisNode = useThisNode()
  const isAdmin = hasRole(session, 'admin')
  const loaded = useApiData<RequestView>(`/api/requests/${encodeURIComponent(id)}`)
  const [fresh, setFresh] = useState<RequestView>()
  const request =
    fresh && fresh.id === id && (!loaded.data || fresh.version >= loaded.data.version)
      ? fresh
      : loaded.data?.id === id
        ? loaded.data
        : undefined
  const history = useApiData<AuditList>(isAdmin ? '/api/audit' : null, {
    subject: id,
    limit: 200,
  })
  const orgs = useOrganisations()
  const places = usePlaces(request ? [request.destination] : [])
  const items = useItems(
    useMemo(() => (request ? itemLines(request) : []).map((l) => l.item), [request]),
  )
  const unitName = useUnitName()
  const action = useSubmit()
  /** The action refused (its name, translated when shown) and why. */
  const [refused, setRefused] = useState<{ action: string; error: ApiError }>()
  const [done, setDone] = useState<Done>()
  const [dialog, setDialog] = useState<
    { kind: 'reject' } | { kind: 'cancel' } | { kind: 'task'; line: CapabilityLine }
  >()

  const code = request?.code
  useEffect(() => {
    if (code) document.title = t('app.pageTitle', { page: t('requests.detail.title', { code }) })
  }, [code, t])

  const afterAction = (next: RequestView) => {
    setFresh(next)
    setRefused(undefined)
    history.reload()
  }
  const afterRefusal = (refusedAction: string, error: ApiError) => {
    setRefused({ action: refusedAction, error })
    setDone(undefined)
    // The request changed under us (or we were wrong about it): show it as it is now.
    if (error.code === 'invalid_transition' || error.code === 'version_conflict') {
      setFresh(undefined)
      loaded.reload()
    }
  }

  const runRequestAction = async (name: RequestAction, reason?: string) => {
    const outcome = await action.run(() =>
      apiRequest<ActionResult>(
        'POST',
        `/api/requests/${encodeURIComponent(id)}/${name}`,
        reason === undefined ? {} : { reason },
      ),
    )
    setDialog(undefined)
    if (!outcome.ok) {
      afterRefusal(name, outcome.error)
      return false
    }
    afterAction(outcome.value.request)
    setDone({
      kind: 'request',
      action: name,
      warnings: outcome.value.warnings,
      duplicates: name === 'submit' ? outcome.value.request.possibleDuplicates : [],
    })
    return true
  }

  const runCapabilityAction = async (
    line: CapabilityLine,
    name: CapabilityAction,
    partner?: string,
  ) => {
    const outcome = await action.run(() =>
      apiRequest<RequestView>(
        'POST',
        `/api/requests/${encodeURIComponent(id)}/lines/${encodeURIComponent(line.id)}/${name}`,
        partner ? { partner } : {},
      ),
    )
    setDialog(undefined)
    if (!outcome.ok) {
      afterRefusal(name, outcome.error)
      return
    }
    afterAction(outcome.value)
    setDone({ kind: 'capability', action: name, line })
  }

  if (!request) {
    return (
      <section className="page" aria-labelledby="page-title">
        <p className="back">
          <Link href="/requests">← {t('requests.detail.back')}</Link>
        </p>
        <h1 id="page-title" tabIndex={-1}>
          {t('requests.detail.loadingTitle')}
        </h1>
        {loaded.error && <ErrorMessage error={loaded.error} onRetry={loaded.reload} />}
        {loaded.loading && <p>{t('app.loading')}</p>}
      </section>
    )
  }

  const place = named(places.get(request.destination), language, request.destination)
  // Another node's request is read-only here: no action is offered, and a note says whose it is.
  const replica = isReplica(request.home, thisNode)
  const actions = replica
    ? []
    : actionOrder.filter(
        (each) => allowedActions(request.status).includes(each) && mayAct(session, request, each),
      )
  const overdue = isOverdue(request.neededBy, isFinished(request.status))
  const itemRows = itemLines(request)
  const capabilities = capabilityLines(request)

  return (
    <section className="page request-page" aria-labelledby="page-title">
      <p className="back">
        <Link href="/requests">← {t('requests.detail.back')}</Link>
      </p>
      <div className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {t('requests.detail.heading')} <span className="request-code">{request.code}</span>{' '}
          <StatusBadge status={request.status} large />
          <HomeBadge home={request.home} />
        </h1>
      </div>
      {replica && <ReplicaNote home={request.home} />}

      {actions.length > 0 && (
        // biome-ignore lint/a11y/useSemanticElements: a toolbar of buttons, not a form fieldset
        <div className="request-actions" role="group" aria-label={t('requests.detail.actions')}>
          {actions.map((each) => (
            <button
              key={each}
              type="button"
              className={each === 'reject' || each === 'cancel' ? 'danger-outline' : 'primary'}
              disabled={action.busy}
              onClick={() => {
                setDone(undefined)
                setRefused(undefined)
                if (each === 'reject' || each === 'cancel') setDialog({ kind: each })
                else void runRequestAction(each)
              }}
            >
              {t(`requests.action.${each}`)}
            </button>
          ))}
        </div>
      )}
      {actions.length === 0 && !replica && !isFinished(request.status) && (
        <p className="subtle">{t('requests.detail.noActions')}</p>
      )}

      {refused && <Refusal action={refused.action} error={refused.error} />}
      {done && <DoneNotice done={done} />}
      {request.status === 'draft' && !done && (
        <p className="notice">{t('requests.detail.draftNotice')}</p>
      )}
      {request.status === 'rejected' && request.rejectionReason && (
        <div className="error" role="note">
          <p>
            <strong>{t('requests.detail.rejectedBecause')}</strong> {request.rejectionReason}
          </p>
        </div>
      )}
      {request.possibleDuplicates.length > 0 &&
        !(done?.kind === 'request' && done.action === 'submit') && (
          <DuplicatesNote ids={request.possibleDuplicates} />
        )}

      <dl className="fields request-fields">
        <Field label={t('requests.fields.destination')}>
          <Link href={`/places/${request.destination}`}>
            <span lang={place.lang}>{place.text}</span>
          </Link>
        </Field>
        <Field label={t('requests.fields.neededBy')}>
          <ZonedTime iso={request.neededBy} />
          {overdue && <span className="overdue">{t('requests.overdue')}</span>}
        </Field>
        <Field label={t('requests.fields.justification')}>
          {request.justification ? (
            <span className="multiline">{request.justification}</span>
          ) : null}
        </Field>
        <Field label={t('requests.fields.org')}>
          {named(orgs.byId.get(request.org), language, request.org).text} (
          {orgs.codeOf(request.org)})
        </Field>
        <Field label={t('requests.fields.createdAt')}>
          <ZonedTime iso={request.createdAt} inline />
        </Field>
        <Field label={t('requests.fields.updatedAt')}>
          <ZonedTime iso={request.updatedAt} inline />
        </Field>
      </dl>

      <h2>{t('requests.detail.itemLines')}</h2>
      {itemRows.length === 0 ? (
        <p className="subtle">{t('requests.detail.noItemLines')}</p>
      ) : (
        <>
          <ProgressKey />
          <div className="table-wrap">
            <table className="data-table">
              <caption className="visually-hidden">{t('requests.detail.itemLines')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('requests.lines.item')}</th>
                  <th scope="col" className="number">
                    {t('requests.lines.quantity')}
                  </th>
                  <th scope="col">{t('requests.lines.priority')}</th>
                  <th scope="col">{t('requests.lines.progress')}</th>
                </tr>
              </thead>
              <tbody>
                {itemRows.map((line) => {
                  const item = items.get(line.item)
                  const name = named(item, language, line.item)
                  return (
                    <tr key={line.id}>
                      <td>
                        <span lang={name.lang}>{name.text}</span>
                        {item && <span className="code subtle-code"> {item.code}</span>}
                        {line.neededBy && (
                          <p className="subtle">
                            {t('requests.lines.neededBy')} <ZonedTime iso={line.neededBy} inline />
                          </p>
                        )}
                      </td>
                      <td className="number">
                        {formatNumber(line.quantity, language)} {item ? unitName(item.unit) : ''}
                      </td>
                      <td>
                        <PriorityBadge priority={line.priority} />
                      </td>
                      <td className="progress-cell">
                        <LineProgress line={line} />
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        </>
      )}

      <h2>{t('requests.detail.capabilityLines')}</h2>
      {capabilities.length === 0 ? (
        <p className="subtle">{t('requests.detail.noCapabilityLines')}</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table capability-table">
            <caption className="visually-hidden">{t('requests.detail.capabilityLines')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('requests.lines.capability')}</th>
                <th scope="col">{t('requests.lines.description')}</th>
                <th scope="col">{t('requests.lines.priority')}</th>
                <th scope="col">{t('requests.lines.tasking')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('table.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {capabilities.map((line) => {
                const answers = replica
                  ? []
                  : allowedCapabilityActions(line.status).filter((each) =>
                      mayActOnCapability(session, line, each),
                    )
                const capability = t(`requests.capability.${line.capability}`)
                return (
                  <tr key={line.id}>
                    <td>{capability}</td>
                    <td>
                      {line.description}
                      {line.quantity !== null && (
                        <p className="subtle">
                          {formatNumber(line.quantity, language, 3)} {line.unit ?? ''}
                        </p>
                      )}
                    </td>
                    <td>
                      <PriorityBadge priority={line.priority} />
                    </td>
                    <td>
                      <span className={`capability-status cap-${line.status ?? 'none'}`}>
                        {line.status
                          ? t(`requests.capabilityStatus.${line.status}`)
                          : t('requests.capabilityStatus.none')}
                      </span>
                      {line.taskedTo && (
                        <p className="subtle">
                          {t('requests.lines.taskedTo', {
                            org: orgs.codeOf(line.taskedTo),
                          })}
                        </p>
                      )}
                    </td>
                    <td className="actions">
                      {answers.map((each) => (
                        <button
                          key={each}
                          type="button"
                          disabled={action.busy}
                          className={each === 'decline' ? 'danger-outline' : undefined}
                          onClick={() => {
                            setDone(undefined)
                            setRefused(undefined)
                            if (each === 'task') setDialog({ kind: 'task', line })
                            else void runCapabilityAction(line, each)
                          }}
                        >
                          {t(
                            each === 'task' && line.taskedTo
                              ? 'requests.capabilityAction.retask'
                              : `requests.capabilityAction.${each}`,
                          )}
                          <span className="visually-hidden">: {capability}</span>
                        </button>
                      ))}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}

      <TrackingLink code={request.code} draft={request.status === 'draft'} />

      {isAdmin && (
        <History
          events={history.data?.events}
          error={history.error}
          loading={history.loading}
          onRetry={history.reload}
          orgs={orgs}
          lines={request.lines}
        />
      )}

      {dialog?.kind === 'reject' && (
        <RejectDialog
          code={request.code}
          busy={action.busy}
          onReject={(reason) => void runRequestAction('reject', reason)}
          onClose={() => setDialog(undefined)}
        />
      )}
      {dialog?.kind === 'cancel' && (
        <ConfirmDialog
          title={t('requests.cancelDialog.title', { code: request.code })}
          message={t('requests.cancelDialog.message')}
          confirmLabel={t('requests.cancelDialog.confirm')}
          cancelLabel={t('requests.cancelDialog.keep')}
          busy={action.busy}
          danger
          onConfirm={() => void runRequestAction('cancel')}
          onCancel={() => setDialog(undefined)}
        />
      )}
      {dialog?.kind === 'task' && (
        <TaskDialog
          line={dialog.line}
          orgs={orgs}
          busy={action.busy}
          onTask={(partner) => void runCapabilityAction(dialog.line, 'task', partner)}
          onClose={() => setDialog(undefined)}
        />
      )}
    </section>
  )
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  const { t } = useTranslation()
  const empty = children === null || children === undefined || children === ''
  return (
    <div className="field">
      <dt>{label}</dt>
      <dd>{empty ? t('table.none') : children}</dd>
    </div>
  )
}

/** Why an action was refused; a refused transition names what is allowed now. */
function Refusal({ action, error }: { action: string; error: ApiError }) {
  const { t } = useTranslation()
  const allowed = allowedOf(error)
  const status = refusedStatusOf(error)
  const actionName = (name: string) =>
    t([`requests.actionName.${name}`, `requests.capabilityActionName.${name}`, name])
  return (
    <div className="error refusal" role="alert">
      <p>
        <strong>{t('requests.refused.title', { what: actionName(action) })}</strong>{' '}
        {allowed
          ? status
            ? t('requests.refused.transition', {
                status: t([
                  `requests.status.${status}`,
                  `requests.capabilityStatus.${status}`,
                  status,
                ]),
              })
            : t('requests.refused.transitionNoStatus')
          : describeError(error, t)}
      </p>
      {allowed && (
        <p className="allowed-actions">
          {allowed.length > 0
            ? t('requests.refused.allowed', {
                actions: allowed.map(actionName).join(t('requests.listSeparator')),
              })
            : t('requests.refused.noneAllowed')}
        </p>
      )}
    </div>
  )
}

function DoneNotice({ done }: { done: Done }) {
  const { t } = useTranslation()
  if (done.kind === 'capability')
    return (
      <p className="success" role="status">
        {t(`requests.capabilityDone.${done.action}`, {
          capability: t(`requests.capability.${done.line.capability}`),
        })}
      </p>
    )
  // Possible duplicates are shown as links below; any other warning by its code, or as the server
  // wrote it when this screen does not know the code yet.
  const other = done.warnings.filter((warning) => warning.code !== 'possible_duplicate')
  if (done.duplicates.length === 0 && other.length === 0)
    return (
      <p className="success" role="status">
        {t(`requests.done.${done.action}`)}
      </p>
    )
  return (
    <div className="warning-box" role="status">
      <p>
        <strong>{t(`requests.done.${done.action}`)}</strong> {t('requests.done.withWarnings')}
      </p>
      {done.duplicates.length > 0 && <DuplicateLinks ids={done.duplicates} />}
      {other.length > 0 && (
        <ul>
          {other.map((warning) => (
            <li key={`${warning.code}:${warning.message}`}>
              {t(`requests.warning.${warning.code}`, { defaultValue: warning.message })}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

/** The possible duplicates noted at submission, as links by tracking code. */
function DuplicateLinks({ ids }: { ids: readonly string[] }) {
  return (
    <ul className="duplicates">
      {ids.map((id) => (
        <DuplicateLink key={id} id={id} />
      ))}
    </ul>
  )
}

function DuplicateLink({ id }: { id: string }) {
  const { t } = useTranslation()
  const { data } = useApiData<RequestView>(`/api/requests/${encodeURIComponent(id)}`)
  const code = data?.code ?? id
  return (
    <li>
      {t('requests.duplicate.before')}{' '}
      <Link href={`/requests/${id}`} className="request-code">
        {code}
      </Link>{' '}
      {data && <StatusBadge status={data.status} />} {t('requests.duplicate.after')}
    </li>
  )
}

function DuplicatesNote({ ids }: { ids: readonly string[] }) {
  const { t } = useTranslation()
  return (
    <div className="warning-box">
      <p>
        <strong>{t('requests.duplicate.noteTitle')}</strong>
      </p>
      <DuplicateLinks ids={ids} />
    </div>
  )
}

function RejectDialog({
  code,
  busy,
  onReject,
  onClose,
}: {
  code: string
  busy: boolean
  onReject: (reason: string) => void
  onClose: () => void
}) {
  const { t } = useTranslation()
  const id = useId()
  const [reason, setReason] = useState('')
  const [tried, setTried] = useState(false)
  const missing = reason.trim() === ''
  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    if (missing) {
      document.getElementById(id)?.focus()
      return
    }
    onReject(reason.trim())
  }
  return (
    <ModalDialog title={t('requests.rejectDialog.title', { code })} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate>
        <div className="field-box">
          <label htmlFor={id}>{t('requests.rejectDialog.reason')}</label>
          <textarea
            id={id}
            name="reason"
            rows={4}
            maxLength={1000}
            value={reason}
            required
            data-autofocus
            aria-invalid={tried && missing ? true : undefined}
            aria-describedby={`${id}-hint${tried && missing ? ` ${id}-error` : ''}`}
            onChange={(event) => setReason(event.target.value)}
          />
          <p id={`${id}-hint`} className="field-hint">
            {t('requests.rejectDialog.hint')}
          </p>
          {tried && missing && (
            <p id={`${id}-error`} className="field-error">
              {t('requests.rejectDialog.required')}
            </p>
          )}
        </div>
        <div className="form-actions">
          <button type="submit" className="danger" disabled={busy}>
            {t('requests.rejectDialog.confirm')}
          </button>
          <button type="button" onClick={onClose}>
            {t('form.cancel')}
          </button>
        </div>
      </form>
    </ModalDialog>
  )
}

function TaskDialog({
  line,
  orgs,
  busy,
  onTask,
  onClose,
}: {
  line: CapabilityLine
  orgs: Organisations
  busy: boolean
  onTask: (partner: string) => void
  onClose: () => void
}) {
  const { t } = useTranslation()
  const language = useLanguage()
  const [partner, setPartner] = useState(line.taskedTo ?? '')
  const [tried, setTried] = useState(false)
  const capability = t(`requests.capability.${line.capability}`)
  return (
    <ModalDialog title={t('requests.taskDialog.title', { capability })} onClose={onClose}>
      <p>{line.description}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          setTried(true)
          if (partner) onTask(partner)
        }}
        noValidate
      >
        <SelectField
          label={t('requests.taskDialog.partner')}
          name="partner"
          value={partner}
          onChange={setPartner}
          required
          error={tried && !partner ? t('requests.taskDialog.required') : undefined}
          options={[
            { value: '', label: t('requests.taskDialog.choose') },
            ...orgs.list.map((org) => ({
              value: org.id,
              label: `${org.code} — ${named(org, language, org.code).text}`,
            })),
          ]}
        />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {t('requests.taskDialog.confirm')}
          </button>
          <button type="button" data-autofocus onClick={onClose}>
            {t('form.cancel')}
          </button>
        </div>
      </form>
    </ModalDialog>
  )
}

/** The public tracking address, to read out or send to whoever asked. */
function TrackingLink({ code, draft }: { code: string; draft: boolean }) {
  const { t } = useTranslation()
  const id = useId()
  const url = `${window.location.origin}/track/${encodeURIComponent(code)}`
  const [copied, setCopied] = useState<boolean>()
  return (
    <section className="tracking-link" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('requests.tracking.title')}</h2>
      <p className="subtle">
        {draft ? t('requests.tracking.draftHint') : t('requests.tracking.hint')}
      </p>
      <div className="tracking-row">
        <label htmlFor={id} className="visually-hidden">
          {t('requests.tracking.label')}
        </label>
        <input
          id={id}
          type="text"
          readOnly
          value={url}
          onFocus={(event) => event.target.select()}
        />
        <button
          type="button"
          onClick={() => {
            const copy = navigator.clipboard?.writeText(url)
            if (!copy) {
              setCopied(false)
              return
            }
            copy.then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }}
        >
          {t('requests.tracking.copy')}
        </button>
        <Link href={`/track/${encodeURIComponent(code)}`}>{t('requests.tracking.open')}</Link>
      </div>
      <p className="subtle" aria-live="polite">
        {copied === true
          ? t('requests.tracking.copied')
          : copied === false
            ? t('requests.tracking.copyFailed')
            : ''}
      </p>
    </section>
  )
}

const historyKinds = new Set([
  'request.created',
  'request.submitted',
  'request.validated',
  'request.rejected',
  'request.cancelled',
  'request.closed',
  'request.capability_tasked',
  'request.capability_accepted',
  'request.capability_declined',
  'request.capability_started',
  'request.capability_completed',
])

function History({
  events,
  error,
  loading,
  onRetry,
  orgs,
  lines,
}: {
  events: AuditEvent[] | undefined
  error: ApiError | undefined
  loading: boolean
  onRetry: () => void
  orgs: Organisations
  lines: RequestView['lines']
}) {
  const { t } = useTranslation()
  const language = useLanguage()
  const id = useId()
  const users = useApiData<{ users: UserView[] }>('/api/users')
  const usernames = useMemo(
    () => new Map((users.data?.users ?? []).map((user) => [user.id, user.username])),
    [users.data],
  )
  const actorName = (actor: string) => {
    const [kind, userId] = actor.split(':')
    return (kind === 'user' && userId && usernames.get(userId)) || actor
  }
  const detailOf = (event: AuditEvent): string => {
    const body = (event.body ?? {}) as Record<string, unknown>
    const parts: string[] = []
    if (typeof body.line === 'string') {
      const line = lines.find((each) => each.id === body.line)
      if (line?.kind === 'capability') parts.push(t(`requests.capability.${line.capability}`))
    }
    if (typeof body.taskedTo === 'string' && event.kind === 'request.capability_tasked')
      parts.push(t('requests.lines.taskedTo', { org: orgs.codeOf(body.taskedTo) }))
    if (typeof body.reason === 'string' && body.reason)
      parts.push(t('requests.history.reason', { reason: body.reason }))
    if (Array.isArray(body.possibleDuplicates) && body.possibleDuplicates.length > 0)
      parts.push(t('requests.history.duplicates', { count: body.possibleDuplicates.length }))
    return parts.join(' · ')
  }
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('requests.history.title')}</h2>
      {error && <ErrorMessage error={error} onRetry={onRetry} />}
      <div className="table-wrap">
        <table className="data-table" aria-busy={loading}>
          <caption className="visually-hidden">{t('requests.history.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('requests.history.at')}</th>
              <th scope="col">{t('requests.history.what')}</th>
              <th scope="col">{t('requests.history.who')}</th>
              <th scope="col">{t('requests.history.details')}</th>
            </tr>
          </thead>
          <tbody>
            {events?.map((event) => (
              <tr key={event.seq}>
                <td className="nowrap">
                  <time dateTime={event.at}>{zonedTimestamp(event.at, language)}</time>
                </td>
                <td>
                  {historyKinds.has(event.kind) ? (
                    t(`requests.history.kind.${event.kind.slice('request.'.length)}`)
                  ) : (
                    <span className="code">{event.kind}</span>
                  )}
                </td>
                <td className="code">{actorName(event.actor)}</td>
                <td>{detailOf(event)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {events && events.length === 0 && <p className="empty">{t('requests.history.none')}</p>}
      </div>
    </section>
  )
}
