/**
 * @module web/scan/qr-worker
 * Decodes QR codes off the main thread, so the camera preview and the page stay smooth: a frame's
 * pixels in (its buffer transferred, not copied), the code's text (or null) out.
 */
import jsQR from 'jsqr'

export interface QrFrameMessage {
  id: number
  width: number
  height: number
  pixels: Uint8ClampedArray
}

export interface QrResultMessage {
  id: number
  text: string | null
}

// The web project's types are the window's; a worker's scope has the same two members used here.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<QrFrameMessage>) => void) | null
  postMessage(message: QrResultMessage): void
}

scope.onmessage = ({ data }) => {
  // Waybills are printed dark on light: skip the inverted pass, which doubles the time of a frame.
  const code = jsQR(data.pixels, data.width, data.height, { inversionAttempts: 'dontInvert' })
  scope.postMessage({ id: data.id, text: code ? code.data : null })
}
