/**
 * @module web/consignments/photo-input
 * An optional photo of what arrived: a file input (a phone opens its camera), the picture scaled down
 * in a canvas to at most 1600 px on its long side and sent as a JPEG data URL, smaller again until it
 * fits the server's limit; shown before sending, with a way to remove it.
 */
import { PROOF_IMAGE_CHARS_MAX } from '@contract/consignments.js'
import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'

const attempts = [
  { side: 1600, quality: 0.82 },
  { side: 1200, quality: 0.75 },
  { side: 800, quality: 0.7 },
  { side: 600, quality: 0.6 },
] as const

/** The picture as a JPEG data URL under the limit, or null when it cannot be read as an image. */
export async function downscalePhoto(file: File): Promise<string | null> {
  let image: ImageBitmap
  try {
    // Decoded in memory (no blob: address to fetch), turned upright as the camera's EXIF says.
    image = await createImageBitmap(file, { imageOrientation: 'from-image' })
  } catch {
    return null
  }
  try {
    const canvas = document.createElement('canvas')
    const context = canvas.getContext('2d')
    if (!context || image.width === 0) return null
    for (const { side, quality } of attempts) {
      const scale = Math.min(1, side / Math.max(image.width, image.height))
      canvas.width = Math.max(1, Math.round(image.width * scale))
      canvas.height = Math.max(1, Math.round(image.height * scale))
      // JPEG has no transparency: a white ground instead of black behind a transparent PNG.
      context.fillStyle = '#ffffff'
      context.fillRect(0, 0, canvas.width, canvas.height)
      context.drawImage(image, 0, 0, canvas.width, canvas.height)
      const url = canvas.toDataURL('image/jpeg', quality)
      if (url.length <= PROOF_IMAGE_CHARS_MAX) return url
    }
    return null
  } finally {
    image.close()
  }
}

export function PhotoInput({ onChange }: { onChange: (jpeg: string | null) => void }) {
  const { t } = useTranslation()
  const id = useId()
  const [preview, setPreview] = useState<string>()
  const [problem, setProblem] = useState(false)
  const [busy, setBusy] = useState(false)
  const [inputKey, setInputKey] = useState(0)

  const onFile = async (file: File | undefined) => {
    setProblem(false)
    if (!file) return
    setBusy(true)
    const url = await downscalePhoto(file)
    setBusy(false)
    if (!url) {
      setProblem(true)
      setPreview(undefined)
      onChange(null)
      return
    }
    setPreview(url)
    onChange(url)
  }

  return (
    <div className="field-box photo-box">
      <label htmlFor={id}>
        {t('consignments.receipt.photo')}
        <span className="optional-mark"> {t('form.optional')}</span>
      </label>
      <input
        key={inputKey}
        id={id}
        name="photo"
        type="file"
        accept="image/*"
        capture="environment"
        aria-describedby={`${id}-hint${problem ? ` ${id}-error` : ''}`}
        aria-invalid={problem ? true : undefined}
        onChange={(event) => void onFile(event.target.files?.[0])}
      />
      <p id={`${id}-hint`} className="field-hint">
        {busy ? t('consignments.receipt.photoWorking') : t('consignments.receipt.photoHint')}
      </p>
      {problem && (
        <p id={`${id}-error`} className="field-error">
          {t('consignments.receipt.photoUnreadable')}
        </p>
      )}
      {preview && (
        <figure className="photo-preview">
          <img src={preview} alt={t('consignments.receipt.photoPreview')} />
          <button
            type="button"
            onClick={() => {
              setPreview(undefined)
              setInputKey((n) => n + 1)
              onChange(null)
            }}
          >
            {t('consignments.receipt.removePhoto')}
          </button>
        </figure>
      )}
    </div>
  )
}
