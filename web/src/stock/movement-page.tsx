/**
 * @module web/stock/movement-page
 * /stock/receive, /stock/move, /stock/adjust, /stock/loss, /stock/issue (logisticians and
 * administrators): one form per stock movement. Place, item and owner are chosen by searching; the
 * address may prefill them (?place=&item=&owner=&lot=&to=, as the stock card's links do). Fields are
 * checked as they are typed with the contract's own schemas (movement-checks.ts). Each movement has an id made
 * here once and sent with every attempt, so sending again after a lost answer cannot record it twice.
 * A refusal is said plainly ("not enough available stock"); what was recorded is shown with links to the
 * stock cards it changed.
 */
import { lossReasons } from '@contract/stock.js'
import type { TFunction } from 'i18next'
import {
  type FormEvent,
  type ReactNode,
  type RefObject,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiError, apiRequest } from '../api.js'
import { describeError } from '../common/error-message.js'
import {
  type ClientErrors,
  fieldErrorsOf,
  SelectField,
  TextField,
  translateErrors,
} from '../common/form.js'
import { useApiData } from '../common/use-api-data.js'
import { useSubmit } from '../common/use-submit.js'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { Link, setSearchParams, useLocation } from '../router.js'
import { useSignedInSession } from '../session/session.js'
import { type MovementFields, movementBody, movementSchemaProblems } from './movement-checks.js'
import { signed } from './stock-card-page.js'
import { expiryState, formatDay, formatZonedTime, localDay, newMovementId } from './stock-format.js'
import {
  type ItemOption,
  ItemPicker,
  ownerOptions,
  type PlaceOption,
  PlacePicker,
  useItemOption,
  useOrganisations,
  usePlaceOption,
  useUnitName,
} from './stock-pickers.js'
import {
  type Balance,
  type BalanceList,
  type BatchOutcome,
  type MovementKind,
  movementKinds,
} from './stock-types.js'

type LossReason = (typeof lossReasons)[number]

/** The lot select: "any" lets the server pick first-expiry-first-out; "lot:<name>" names one; "new" types one. */
const anyLot = 'any'
const newLot = 'new'
const lotValue = (lot: string) => `lot:${lot}`

interface Recorded {
  outcome: BatchOutcome
  kind: MovementKind
  place: PlaceOption
  to: PlaceOption | undefined
  item: ItemOption
  owner: string
  quantity: number
  /** The book before a count, to say what the count changed. */
  change: number | undefined
}

export function MovementPage({ kind }: { kind: MovementKind }) {
  const { t } = useTranslation()
  const language = useLanguage()
  const session = useSignedInSession()
  const { search } = useLocation()
  const orgs = useOrganisations()
  const unitName = useUnitName()
  const [prefill] = useState(() => ({
    place: search.get('place') ?? undefined,
    to: search.get('to') ?? undefined,
    item: search.get('item') ?? undefined,
    owner: search.get('owner') ?? undefined,
    lot: search.get('lot') ?? undefined,
  }))
  const prefillPlace = usePlaceOption(prefill.place)
  const prefillTo = usePlaceOption(prefill.to)
  const prefillItem = useItemOption(prefill.item)

  const [movementId, setMovementId] = useState(newMovementId)
  const [place, setPlace] = useState<PlaceOption>()
  const [to, setTo] = useState<PlaceOption>()
  const [item, setItem] = useState<ItemOption>()
  const [owner, setOwner] = useState(prefill.owner ?? session.org.id)
  const [quantity, setQuantity] = useState('')
  const [counted, setCounted] = useState('')
  const [lotChoice, setLotChoice] = useState(
    prefill.lot !== undefined ? lotValue(prefill.lot) : kind === 'adjust' ? '' : anyLot,
  )
  const [lotText, setLotText] = useState(kind === 'receive' ? (prefill.lot ?? '') : '')
  const [expiresOn, setExpiresOn] = useState('')
  const [source, setSource] = useState('')
  const [documentNo, setDocumentNo] = useState('')
  const [ref, setRef] = useState('')
  const [note, setNote] = useState('')
  const [reason, setReason] = useState<LossReason>('damaged')
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set())
  const [attempted, setAttempted] = useState(false)
  const [recorded, setRecorded] = useState<Recorded>()
  /** The quantity of the last attempt, for its refusal ("500 asked for"). */
  const [sentQuantity, setSentQuantity] = useState('')
  const submit = useSubmit()
  const formId = useId()
  const resultRef = useRef<HTMLHeadingElement>(null)

  useEffect(() => {
    if (prefillPlace) setPlace((current) => current ?? prefillPlace)
  }, [prefillPlace])
  useEffect(() => {
    if (prefillTo) setTo((current) => current ?? prefillTo)
  }, [prefillTo])
  useEffect(() => {
    if (prefillItem) setItem((current) => current ?? prefillItem)
  }, [prefillItem])
  useEffect(() => {
    if (recorded) resultRef.current?.focus()
  }, [recorded])

  /** The choices so far go into the address (replacing it), so the other forms' tabs and a reload keep them. */
  const remember = (key: 'place' | 'item' | 'owner', value: string | undefined) => {
    setSearchParams({ [key]: value, lot: undefined }, { replace: true })
    // Another place, item or owner: the lot chosen for the last one means nothing here.
    setLotChoice(kind === 'adjust' ? '' : anyLot)
  }
  const touch = (field: string) =>
    setTouched((previous) => (previous.has(field) ? previous : new Set(previous).add(field)))
  /** A setter that also marks its field as typed in, so its problems show from then on. */
  const typed =
    (field: string, set: (value: string) => void) =>
    (value: string): void => {
      set(value)
      touch(field)
    }

  // The lots of this item here for this owner: what can be taken, and what a count changes.
  const lots = useApiData<BalanceList>(
    kind !== 'receive' && place && item && owner ? '/api/stock' : null,
    {
      place: place?.id,
      item: item?.id,
      owner,
      nonZero: kind === 'adjust' ? 'false' : undefined,
      limit: 200,
    },
  )
  const today = localDay(new Date())
  const lotRows = lots.data?.balances ?? []
  const chosenLot = lotChoice.startsWith('lot:') ? lotChoice.slice(4) : undefined
  /** The lot named, chosen from the list or typed as another one. */
  const namedLot = lotChoice === newLot ? lotText.trim() : chosenLot
  const chosenRow = namedLot === undefined ? undefined : lotRows.find((row) => row.lot === namedLot)
  const usable = lotRows
    .filter((row) => expiryState(row.expiresOn, today).kind !== 'expired')
    .reduce((sum, row) => sum + Math.max(0, row.available), 0)
  const availableHere = lots.data
    ? namedLot === undefined
      ? usable
      : (chosenRow?.available ?? 0)
    : undefined

  const lotOf = (): string | undefined => {
    if (kind === 'receive') return lotText.trim() || undefined
    if (lotChoice === newLot) return lotText.trim()
    return chosenLot
  }
  const fields: MovementFields = {
    id: movementId,
    place: place?.id,
    to: to?.id,
    item: item?.id,
    owner,
    quantity,
    counted,
    lot: lotOf(),
    expiresOn,
    source: sourceValue(source, orgs.list),
    document: documentNo,
    ref,
    note,
    reason,
  }
  // Problems as typed, by the server's own schema; shown for a field once it was typed in, and for
  // every field once sent. The rules after it are the form's: they read the stock shown here.
  const problems: ClientErrors = movementSchemaProblems(kind, fields)
  if (kind === 'move' && place && to && to.id === place.id)
    problems.to = 'movement.errors.samePlace'
  if (kind === 'adjust') {
    if (lotChoice === '') problems.lot = 'movement.errors.chooseLot'
    // A lot not held here yet has 0 on the books.
    if (
      !problems.counted &&
      namedLot !== undefined &&
      lots.data &&
      Number(counted) === (chosenRow?.posted ?? 0)
    )
      problems.counted = 'movement.errors.countMatches'
  }
  if (kind === 'loss' && reason === 'expired' && lotChoice === anyLot)
    problems.lot = 'movement.errors.lotForExpired'
  const shownProblems: ClientErrors = {}
  for (const [field, problem] of Object.entries(problems))
    if (problem && (attempted || touched.has(field) || (field === 'lot' && touched.has('reason'))))
      shownProblems[field] = problem
  const serverFields = fieldErrorsOf(submit.error)
  if (serverFields.countedQuantity) serverFields.counted = serverFields.countedQuantity
  const fieldErrors = { ...serverFields, ...translateErrors(t, shownProblems) }

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    setAttempted(true)
    if (Object.values(problems).some(Boolean) || !place || !item) {
      submit.clear()
      return
    }
    const body = movementBody(kind, fields)
    const bookBefore = chosenRow?.posted ?? 0
    setSentQuantity(kind === 'adjust' ? counted.trim() : quantity.trim())
    const outcome = await submit.run(() =>
      apiRequest<BatchOutcome>('POST', `/api/stock/${kind}`, body),
    )
    if (!outcome.ok) return
    setRecorded({
      outcome: outcome.value,
      kind,
      place,
      to,
      item,
      owner,
      quantity: kind === 'adjust' ? Number(counted) : Number(quantity),
      change: kind === 'adjust' ? Number(counted) - bookBefore : undefined,
    })
    lots.reload()
  }

  const another = () => {
    setRecorded(undefined)
    setMovementId(newMovementId())
    setQuantity('')
    setCounted('')
    setNote('')
    setRef('')
    setDocumentNo('')
    setTouched(new Set())
    setAttempted(false)
    submit.clear()
  }

  const unit = item ? unitName(item.unit) : undefined
  const lotOptions = lotSelectOptions(
    kind,
    lotRows,
    lots.data ? usable : undefined,
    chosenLot,
    today,
    t,
    language,
  )

  return (
    <section className="page" aria-labelledby="page-title">
      <p className="back">
        <Link href="/stock">← {t('stockCard.back')}</Link>
      </p>
      <h1 id="page-title" tabIndex={-1}>
        {t(`movement.${kind}.title`)}
      </h1>
      <MovementTabs current={kind} />
      <p className="subtle">{t(`movement.${kind}.intro`)}</p>
      {recorded ? (
        <RecordedPanel recorded={recorded} headingRef={resultRef} onAnother={another} />
      ) : (
        <form
          className="panel movement-form"
          aria-labelledby="page-title"
          noValidate
          onSubmit={(event) => void onSubmit(event)}
        >
          {submit.error && (
            <Refusal
              error={submit.error}
              fieldErrors={fieldErrors}
              quantity={sentQuantity}
              onNewMovement={() => {
                setMovementId(newMovementId())
                submit.clear()
              }}
            />
          )}
          <div className="form-grid">
            <PlacePicker
              label={kind === 'move' ? t('movement.fields.from') : t('movement.fields.place')}
              name="place"
              selected={place}
              onSelect={(option) => {
                setPlace(option)
                touch('place')
                remember('place', option?.id)
              }}
              error={fieldErrors.place}
              required
              autoFocus={!prefill.place}
            />
            {kind === 'move' && (
              <PlacePicker
                label={t('movement.fields.to')}
                name="to"
                selected={to}
                onSelect={(option) => {
                  setTo(option)
                  touch('to')
                }}
                error={fieldErrors.to}
                required
              />
            )}
            <ItemPicker
              label={t('movement.fields.item')}
              name="item"
              selected={item}
              onSelect={(option) => {
                setItem(option)
                touch('item')
                remember('item', option?.id)
              }}
              error={fieldErrors.item}
              required
            />
            <SelectField
              label={t('movement.fields.owner')}
              name="owner"
              value={owner}
              onChange={(value) => {
                setOwner(value)
                touch('owner')
                remember('owner', value)
              }}
              options={
                orgs.list.length > 0
                  ? ownerOptions(orgs, language)
                  : [{ value: owner, label: session.org.code }]
              }
              hint={t('movement.hints.owner')}
              error={fieldErrors.owner}
              required
            />
          </div>
          <div className="form-grid">
            {kind === 'adjust' ? (
              <TextField
                label={
                  unit ? t('movement.fields.countedIn', { unit }) : t('movement.fields.counted')
                }
                name="countedQuantity"
                value={counted}
                onChange={typed('counted', setCounted)}
                inputMode="numeric"
                hint={
                  chosenRow
                    ? t('movement.hints.book', {
                        posted: formatNumber(chosenRow.posted, language),
                      })
                    : t('movement.hints.counted')
                }
                error={fieldErrors.counted}
                required
              />
            ) : (
              <TextField
                label={
                  unit ? t('movement.fields.quantityIn', { unit }) : t('movement.fields.quantity')
                }
                name="quantity"
                value={quantity}
                onChange={typed('quantity', setQuantity)}
                inputMode="numeric"
                hint={
                  kind !== 'receive' && availableHere !== undefined
                    ? t('movement.hints.available', {
                        available: formatNumber(availableHere, language),
                      })
                    : t('movement.hints.quantity')
                }
                warning={
                  kind !== 'receive' &&
                  availableHere !== undefined &&
                  !problems.quantity &&
                  Number(quantity) > availableHere
                    ? t('movement.moreThanAvailable', {
                        available: formatNumber(availableHere, language),
                      })
                    : undefined
                }
                error={fieldErrors.quantity}
                required
              />
            )}
            {kind === 'receive' ? (
              <>
                <TextField
                  label={t('movement.fields.lot')}
                  name="lot"
                  value={lotText}
                  onChange={typed('lot', setLotText)}
                  hint={t('movement.hints.lotReceive')}
                  error={fieldErrors.lot}
                  maxLength={60}
                  spellCheck={false}
                  optional
                />
                <TextField
                  label={t('movement.fields.expiresOn')}
                  name="expiresOn"
                  type="date"
                  value={expiresOn}
                  onChange={typed('expiresOn', setExpiresOn)}
                  hint={
                    item?.shelfLifeDays
                      ? t('movement.hints.expiresOnShelfLife', { count: item.shelfLifeDays })
                      : t('movement.hints.expiresOn')
                  }
                  warning={
                    expiresOn && expiresOn < today ? t('movement.expiredOnReceipt') : undefined
                  }
                  error={fieldErrors.expiresOn}
                  optional
                />
              </>
            ) : (
              <>
                <SelectField
                  label={t('movement.fields.lot')}
                  name="lot"
                  value={lotChoice}
                  onChange={typed('lot', setLotChoice)}
                  options={lotOptions}
                  hint={
                    place && item && lots.data && lotRows.length === 0
                      ? t('movement.hints.noStockHere')
                      : kind === 'adjust'
                        ? t('movement.hints.lotAdjust')
                        : t('movement.hints.lotAny')
                  }
                  error={fieldErrors.lot}
                  required={kind === 'adjust'}
                />
                {lotChoice === newLot && (
                  <TextField
                    label={t('movement.fields.newLot')}
                    name="newLot"
                    value={lotText}
                    onChange={typed('lot', setLotText)}
                    maxLength={60}
                    spellCheck={false}
                    optional
                  />
                )}
              </>
            )}
            {kind === 'loss' && (
              <SelectField
                label={t('movement.fields.reason')}
                name="reason"
                value={reason}
                onChange={(value) => {
                  setReason(value as LossReason)
                  touch('reason')
                }}
                options={lossReasons.map((each) => ({
                  value: each,
                  label: t(`lossReason.${each}`),
                }))}
                error={fieldErrors.reason}
                required
              />
            )}
          </div>
          <div className="form-grid">
            {kind === 'receive' && (
              <>
                <TextField
                  label={t('movement.fields.source')}
                  name="source"
                  value={source}
                  onChange={typed('source', setSource)}
                  hint={t('movement.hints.source')}
                  error={fieldErrors.source}
                  list={`${formId}-sources`}
                  maxLength={200}
                  required
                />
                <datalist id={`${formId}-sources`}>
                  {orgs.list.map((org) => (
                    <option key={org.id} value={org.code} />
                  ))}
                </datalist>
                <TextField
                  label={t('movement.fields.document')}
                  name="document"
                  value={documentNo}
                  onChange={typed('document', setDocumentNo)}
                  hint={t('movement.hints.document')}
                  error={fieldErrors.document}
                  maxLength={100}
                  optional
                />
              </>
            )}
            {(kind === 'move' || kind === 'issue') && (
              <TextField
                label={t('movement.fields.ref')}
                name="ref"
                value={ref}
                onChange={typed('ref', setRef)}
                hint={t(`movement.hints.ref.${kind}`)}
                error={fieldErrors.ref}
                maxLength={200}
                optional
              />
            )}
            {(kind === 'adjust' || kind === 'loss') && (
              <TextField
                label={t('movement.fields.note')}
                name="note"
                value={note}
                onChange={typed('note', setNote)}
                hint={t(`movement.hints.note.${kind}`)}
                error={fieldErrors.note}
                maxLength={500}
                required={kind === 'adjust'}
                optional={kind === 'loss'}
              />
            )}
          </div>
          <p className="subtle movement-id">
            {t('movement.idNote')} <span className="code">{movementId}</span>
          </p>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={submit.busy}>
              {submit.busy ? t('movement.sending') : t(`movement.${kind}.submit`)}
            </button>
            <Link href="/stock" className="button-link">
              {t('form.cancel')}
            </Link>
          </div>
        </form>
      )}
    </section>
  )
}

/** A partner's code typed as the source becomes its id; any other text is the donor's name. */
function sourceValue(text: string, orgs: readonly { id: string; code: string }[]): string {
  const value = text.trim()
  return orgs.find((org) => org.code.toLowerCase() === value.toLowerCase())?.id ?? value
}

function lotSelectOptions(
  kind: MovementKind,
  rows: readonly Balance[],
  /** Available in unexpired lots, once place, item and owner are known. */
  usable: number | undefined,
  chosen: string | undefined,
  today: string,
  t: TFunction,
  language: 'en' | 'ja',
): { value: string; label: string }[] {
  const options: { value: string; label: string }[] = []
  if (kind === 'adjust') options.push({ value: '', label: t('movement.lotChoose') })
  else
    options.push({
      value: anyLot,
      label:
        usable === undefined
          ? t('movement.lotAnyUnknown')
          : t('movement.lotAny', { available: formatNumber(usable, language) }),
    })
  const seen = new Set<string>()
  for (const row of rows) {
    seen.add(row.lot)
    const state = expiryState(row.expiresOn, today)
    const name = row.lot || t('stock.noLot')
    const amount =
      kind === 'adjust'
        ? t('movement.lotPosted', { posted: formatNumber(row.posted, language) })
        : t('movement.lotAvailable', { available: formatNumber(row.available, language) })
    const expiry = row.expiresOn
      ? state.kind === 'expired'
        ? t('movement.lotExpired', { date: formatDay(row.expiresOn, language) })
        : t('movement.lotExpires', { date: formatDay(row.expiresOn, language) })
      : ''
    options.push({ value: lotValue(row.lot), label: `${name} — ${amount}${expiry}` })
  }
  if (chosen !== undefined && !seen.has(chosen))
    options.push({ value: lotValue(chosen), label: chosen || t('stock.noLot') })
  if (kind === 'adjust') options.push({ value: newLot, label: t('movement.lotNew') })
  return options
}

export function MovementTabs({ current }: { current: MovementKind }) {
  const { t } = useTranslation()
  const { search } = useLocation()
  // The place (and item, owner) chosen so far travel between the forms.
  const keep = new URLSearchParams()
  for (const key of ['place', 'item', 'owner']) {
    const value = search.get(key)
    if (value) keep.set(key, value)
  }
  const query = keep.toString() ? `?${keep}` : ''
  return (
    <nav aria-label={t('movement.nav')} className="movement-tabs">
      <ul>
        {movementKinds.map((kind) => (
          <li key={kind}>
            <Link
              href={`/stock/${kind}${query}`}
              aria-current={kind === current ? 'page' : undefined}
            >
              {t(`movement.${kind}.action`)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  )
}

/** Why the server did not record the movement, in the reader's language where it is known. */
export function refusalText(error: ApiError, t: TFunction, quantity: string): string {
  const details = (error.details ?? {}) as {
    result?: unknown
    available?: unknown
    expired?: unknown
  }
  if (error.code === 'transfer_refused' && details.result === 'exceeds_available') {
    if (typeof details.available === 'number')
      return typeof details.expired === 'number' && details.expired > 0
        ? t('movement.refused.exceedsAvailableExpired', {
            available: details.available,
            expired: details.expired,
            quantity,
          })
        : t('movement.refused.exceedsAvailable', { available: details.available, quantity })
    return t('movement.refused.exceedsAvailableLot')
  }
  if (
    error.code === 'transfer_refused' &&
    (details.result === 'exists_with_different_fields' || details.result === 'exists')
  )
    return t('movement.refused.differentFields')
  if (error.code === 'forbidden' && /runs it/.test(error.message)) {
    const place = /stock at (\S+) is handled/.exec(error.message)?.[1] ?? ''
    return t('movement.refused.otherOrg', { place })
  }
  if (error.code === 'invalid_request' && Array.isArray(error.details))
    return t('errors.checkFields')
  return describeError(error, t)
}

function Refusal({
  error,
  fieldErrors,
  quantity,
  onNewMovement,
}: {
  error: ApiError
  fieldErrors: Partial<Record<string, string>>
  /** What was asked for, as sent. */
  quantity: string
  /** A new movement id, for when this one was used with other values. */
  onNewMovement: () => void
}) {
  const { t } = useTranslation()
  const lost = error.code === 'network' || error.status >= 500
  const usedBefore =
    error.code === 'transfer_refused' &&
    (error.details as { result?: unknown } | undefined)?.result === 'exists_with_different_fields'
  return (
    <div className="error refusal" role="alert">
      <p>
        <strong>{t('movement.notRecorded')}</strong>{' '}
        {error.code === 'invalid_request' && Object.keys(fieldErrors).length > 0
          ? t('errors.checkFields')
          : refusalText(error, t, quantity)}
      </p>
      {lost && <p>{t('movement.retrySafe')}</p>}
      {usedBefore && (
        <button type="button" onClick={onNewMovement}>
          {t('movement.newMovement')}
        </button>
      )}
    </div>
  )
}

function RecordedPanel({
  recorded,
  headingRef,
  onAnother,
}: {
  recorded: Recorded
  headingRef: RefObject<HTMLHeadingElement | null>
  onAnother: () => void
}) {
  const { t } = useTranslation()
  const language = useLanguage()
  const orgs = useOrganisations()
  const unitName = useUnitName()
  const { outcome, kind, place, to, item } = recorded
  const first = outcome.transfers[0]
  const time = first ? formatZonedTime(first.at, language) : undefined
  const accountIds = new Set(
    outcome.transfers.flatMap((each) => [each.fromAccount, each.toAccount]),
  )
  const here = useApiData<BalanceList>('/api/stock', {
    place: place.id,
    item: item.id,
    owner: recorded.owner,
    nonZero: 'false',
    limit: 200,
  })
  const there = useApiData<BalanceList>(to ? '/api/stock' : null, {
    place: to?.id,
    item: item.id,
    owner: recorded.owner,
    nonZero: 'false',
    limit: 200,
  })
  const changed = [...(here.data?.balances ?? []), ...(there.data?.balances ?? [])].filter(
    (balance) => accountIds.has(balance.accountId),
  )
  const total = outcome.transfers.reduce((sum, each) => sum + each.quantity, 0)
  const lots = [...new Set(changed.map((balance) => balance.lot))]

  return (
    <section className="panel success recorded" aria-labelledby="recorded-title">
      <h2 id="recorded-title" ref={headingRef} tabIndex={-1}>
        {outcome.result === 'committed' ? t('movement.recorded') : t('movement.alreadyRecorded')}
      </h2>
      {outcome.result === 'exists' && <p>{t('movement.alreadyRecordedText')}</p>}
      <dl className="fields recorded-fields">
        <Row label={t('movement.summary.movement')}>{t(`movement.${kind}.done`)}</Row>
        <Row label={t('movement.fields.item')}>
          <span lang={item.lang}>{item.text}</span> <span className="subtle code">{item.code}</span>
        </Row>
        <Row
          label={kind === 'adjust' ? t('movement.summary.change') : t('movement.summary.quantity')}
        >
          {kind === 'adjust' && recorded.change !== undefined
            ? t('movement.summary.countChange', {
                change: signed(recorded.change, language),
                counted: formatNumber(recorded.quantity, language),
              })
            : t('movement.summary.quantityIn', {
                quantity: formatNumber(total, language),
                unit: unitName(item.unit),
              })}
        </Row>
        <Row label={kind === 'move' ? t('movement.fields.from') : t('movement.fields.place')}>
          <span lang={place.lang}>{place.text}</span>{' '}
          <span className="subtle code">{place.code}</span>
        </Row>
        {to && (
          <Row label={t('movement.fields.to')}>
            <span lang={to.lang}>{to.text}</span> <span className="subtle code">{to.code}</span>
          </Row>
        )}
        <Row label={t('movement.fields.owner')}>{orgs.codeOf(recorded.owner)}</Row>
        {lots.length > 0 && (
          <Row label={t('movement.summary.lots')}>
            {lots.map((lot) => lot || t('stock.noLot')).join(', ')}
          </Row>
        )}
        {time && (
          <Row label={t('movement.summary.at')}>
            {time.local} <span className="subtle">({time.utc})</span>
          </Row>
        )}
      </dl>
      {changed.length > 0 && (
        <>
          <h3>{t('movement.summary.nowTitle')}</h3>
          <ul className="recorded-accounts">
            {changed.map((balance) => (
              <li key={balance.accountId}>
                <Link href={`/stock/accounts/${balance.accountId}`}>
                  {t('movement.summary.cardLink', {
                    place: balance.place?.code ?? balance.where,
                    lot: balance.lot || t('stock.noLot'),
                  })}
                </Link>{' '}
                —{' '}
                {t('movement.summary.balance', {
                  posted: formatNumber(balance.posted, language),
                  available: formatNumber(balance.available, language),
                })}
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="form-actions">
        <button type="button" className="primary" onClick={onAnother}>
          {t('movement.another')}
        </button>
        <Link href="/stock" className="button-link">
          {t('movement.toStock')}
        </Link>
      </div>
    </section>
  )
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="field">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  )
}
