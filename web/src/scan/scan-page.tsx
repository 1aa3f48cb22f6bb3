/**
 * @module web/scan/scan-page
 * /scan: "Scan a waybill". The camera looks for the QR code a waybill carries (use-camera-scanner.ts);
 * a keyboard-wedge scanner types the same code, then Enter, into the field beside it, which has the
 * focus; a person can type or paste a consignment id there too. Without a camera (none, refused, or a
 * page not served over HTTPS) a photo of the code can be chosen instead. A code naming a consignment
 * stops the camera and opens the consignment's receipt screen; anything else is said, with what was
 * read and what a waybill's code looks like.
 */
import type { TFunction } from 'i18next'
import { type ChangeEvent, type FormEvent, useCallback, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { TextField } from '../common/form.js'
import { navigate } from '../router.js'
import { decodePicture } from './qr-decoder.js'
import { type CameraState, useCameraScanner } from './use-camera-scanner.js'
import { excerptOf, readWaybillCode, type WaybillCodeRead } from './waybill-code.js'
import './scan.css'

/** What the last code read was, when it did not name a consignment. */
type Refusal = Exclude<WaybillCodeRead, { outcome: 'consignment' }> | { outcome: 'no_code' }

export function ScanPage() {
  const { t } = useTranslation()
  const [typed, setTyped] = useState('')
  const [typedRefusal, setTypedRefusal] = useState<Refusal>()
  const [cameraRefusal, setCameraRefusal] = useState<Refusal>()
  const [readingPicture, setReadingPicture] = useState(false)

  const camera = useCameraScanner(
    useCallback((text: string, stopCamera: () => void) => {
      const read = readWaybillCode(text)
      if (read.outcome === 'consignment') {
        stopCamera()
        navigate(receiptPath(read.id))
      }
      // The same wrong code seen frame after frame keeps one message (and renders nothing new).
      else setCameraRefusal((current) => (sameRefusal(current, read) ? current : read))
    }, []),
  )

  const open = (id: string) => {
    camera.stop()
    navigate(receiptPath(id))
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    const read = readWaybillCode(typed)
    if (read.outcome === 'consignment') open(read.id)
    else setTypedRefusal(read)
  }

  const onPicture = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    event.target.value = ''
    if (!file) return
    setReadingPicture(true)
    setCameraRefusal(undefined)
    const text = await decodePicture(file).catch(() => null)
    setReadingPicture(false)
    const read: WaybillCodeRead | Refusal =
      text === null ? { outcome: 'no_code' } : readWaybillCode(text)
    if (read.outcome === 'consignment') open(read.id)
    else setCameraRefusal(read)
  }

  const live = camera.state === 'starting' || camera.state === 'scanning'
  return (
    <section className="page scan-page" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {t('scan.title')}
      </h1>
      <p>{t('scan.intro')}</p>
      <div className="scan-layout">
        <form className="scan-entry panel" onSubmit={onSubmit} noValidate>
          <TextField
            label={t('scan.code')}
            name="code"
            value={typed}
            onChange={(value) => {
              setTyped(value)
              setTypedRefusal(undefined)
            }}
            hint={t('scan.codeHint')}
            error={typedRefusal && refusalText(typedRefusal, t)}
            spellCheck={false}
            autoFocus
          />
          <div className="form-actions">
            <button type="submit" className="primary">
              {t('scan.open')}
            </button>
          </div>
        </form>
        <div className="scan-camera panel">
          <h2>{t('scan.camera')}</h2>
          <video
            ref={camera.videoRef}
            className="scan-video"
            hidden={!live}
            muted
            playsInline
            aria-label={t('scan.preview')}
          />
          <p className={live ? 'scan-status' : 'scan-status notice'} role="status">
            {readingPicture ? t('scan.readingPicture') : cameraText(camera.state, t)}
          </p>
          {cameraRefusal && (
            <div className="error" role="alert">
              <p>{refusalText(cameraRefusal, t)}</p>
            </div>
          )}
          <div className="form-actions">
            {live ? (
              <button type="button" onClick={camera.stop}>
                {t('scan.stopCamera')}
              </button>
            ) : (
              <button
                type="button"
                onClick={() => {
                  setCameraRefusal(undefined)
                  camera.start()
                }}
              >
                {camera.state === 'stopped' ? t('scan.startCamera') : t('scan.tryCameraAgain')}
              </button>
            )}
            <label className="scan-picture">
              {t('scan.picture')}
              <input
                type="file"
                accept="image/*"
                capture="environment"
                className="visually-hidden"
                onChange={(event) => void onPicture(event)}
              />
            </label>
          </div>
        </div>
      </div>
    </section>
  )
}

function receiptPath(id: string): string {
  return `/consignments/${id}/receive`
}

function sameRefusal(a: Refusal | undefined, b: Refusal): boolean {
  if (!a || a.outcome !== b.outcome) return false
  return a.outcome !== 'not_a_waybill' || (b.outcome === 'not_a_waybill' && a.text === b.text)
}

function refusalText(refusal: Refusal, t: TFunction): string {
  switch (refusal.outcome) {
    case 'empty':
      return t('scan.empty')
    case 'no_code':
      return t('scan.noCodeInPicture')
    case 'not_a_waybill':
      return t('scan.notAWaybill', { text: excerptOf(refusal.text) })
  }
}

function cameraText(state: CameraState, t: TFunction): string {
  const keys: Record<CameraState, string> = {
    starting: 'scan.cameraStarting',
    scanning: 'scan.cameraScanning',
    stopped: 'scan.cameraStopped',
    unsupported: 'scan.cameraUnsupported',
    denied: 'scan.cameraDenied',
    'no-camera': 'scan.noCamera',
    failed: 'scan.cameraFailed',
  }
  return t(keys[state])
}
