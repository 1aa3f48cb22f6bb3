/**
 * @module web/consignments/signature-pad
 * A signature drawn on screen: a <canvas> that follows pointer events, so a mouse, a finger and a pen
 * all draw (touch-action: none keeps a finger from scrolling the page instead), with a Clear button.
 * The drawing is given back as a PNG data URL after each stroke, or null once cleared. The canvas is
 * drawn at the screen's pixel density so a pen's line stays sharp on a tablet. A signature cannot be
 * typed: the receiver's name beside it is the part a keyboard gives.
 */
import { type PointerEvent, useEffect, useId, useRef } from 'react'
import { useTranslation } from 'react-i18next'

const heightPx = 180

export function SignaturePad({
  label,
  hint,
  onChange,
}: {
  label: string
  hint: string
  onChange: (png: string | null) => void
}) {
  const { t } = useTranslation()
  const id = useId()
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const drawing = useRef<{ pointer: number; x: number; y: number } | null>(null)
  const inked = useRef(false)

  useEffect(() => {
    const canvas = canvasRef.current
    if (!canvas) return
    const scale = Math.min(window.devicePixelRatio || 1, 3)
    canvas.width = Math.round(canvas.clientWidth * scale)
    canvas.height = Math.round(heightPx * scale)
    const context = canvas.getContext('2d')
    if (!context) return
    context.scale(scale, scale)
    context.lineCap = 'round'
    context.lineJoin = 'round'
    context.strokeStyle = '#10243e'
  }, [])

  const point = (event: PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect()
    return { x: event.clientX - box.left, y: event.clientY - box.top }
  }
  const lineWidth = (event: PointerEvent<HTMLCanvasElement>) =>
    // A pen's pressure thickens its line; a mouse reports 0.5 while pressed.
    event.pointerType === 'pen' ? 1 + 3 * (event.pressure || 0.5) : 2.5

  const onDown = (event: PointerEvent<HTMLCanvasElement>) => {
    if (event.button !== 0 && event.pointerType === 'mouse') return
    event.preventDefault()
    event.currentTarget.setPointerCapture(event.pointerId)
    const { x, y } = point(event)
    drawing.current = { pointer: event.pointerId, x, y }
    const context = event.currentTarget.getContext('2d')
    if (!context) return
    // A dot for a tap, so a single touch leaves a mark too.
    context.beginPath()
    context.fillStyle = '#10243e'
    context.arc(x, y, lineWidth(event) / 2, 0, Math.PI * 2)
    context.fill()
    inked.current = true
  }
  const onMove = (event: PointerEvent<HTMLCanvasElement>) => {
    const from = drawing.current
    if (!from || from.pointer !== event.pointerId) return
    const context = event.currentTarget.getContext('2d')
    if (!context) return
    const { x, y } = point(event)
    context.lineWidth = lineWidth(event)
    context.beginPath()
    context.moveTo(from.x, from.y)
    context.lineTo(x, y)
    context.stroke()
    drawing.current = { pointer: event.pointerId, x, y }
  }
  const onUp = (event: PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current || drawing.current.pointer !== event.pointerId) return
    drawing.current = null
    if (inked.current) onChange(event.currentTarget.toDataURL('image/png'))
  }
  const clear = () => {
    const canvas = canvasRef.current
    const context = canvas?.getContext('2d')
    if (!canvas || !context) return
    context.save()
    context.setTransform(1, 0, 0, 1, 0, 0)
    context.clearRect(0, 0, canvas.width, canvas.height)
    context.restore()
    inked.current = false
    onChange(null)
  }

  return (
    <div className="signature-box">
      <p className="signature-label" id={`${id}-label`}>
        {label}
      </p>
      <p className="field-hint" id={`${id}-hint`}>
        {hint}
      </p>
      <canvas
        ref={canvasRef}
        className="signature-pad"
        style={{ height: `${heightPx}px` }}
        role="img"
        aria-labelledby={`${id}-label`}
        aria-describedby={`${id}-hint`}
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerCancel={onUp}
      />
      <div className="form-actions">
        <button type="button" onClick={clear}>
          {t('consignments.receipt.clearSignature')}
        </button>
      </div>
    </div>
  )
}
