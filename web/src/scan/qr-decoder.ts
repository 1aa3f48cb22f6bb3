/**
 * @module web/scan/qr-decoder
 * Finds a QR code in a picture (a camera frame or a photo) and returns its text. The browser's own
 * BarcodeDetector where it has one that reads QR codes (Chrome on Android and macOS); elsewhere —
 * Chromium on Linux and Windows, Firefox — jsQR, a pure-JavaScript decoder, in a worker so the page
 * stays smooth while it works.
 */
import type { QrFrameMessage, QrResultMessage } from './qr-worker.js'

export interface QrDecoder {
  /** The text of the QR code in the frame, or null when there is none it can read. */
  decode(frame: ImageData): Promise<string | null>
  close(): void
}

/** The frames are scaled down to this many pixels on their longer side: enough for a waybill held
 * up to the camera, and a frame decodes in tens of milliseconds. */
export const frameSideMax = 800
/** Photos are larger and the code may be smaller in them. */
export const pictureSideMax = 1600

// Not in TypeScript's DOM types yet: the part of the Shape Detection API used here.
interface BarcodeDetectorInstance {
  detect(source: ImageBitmapSource): Promise<{ rawValue: string }[]>
}
interface BarcodeDetectorConstructor {
  new (options: { formats: string[] }): BarcodeDetectorInstance
  getSupportedFormats(): Promise<string[]>
}

export async function createQrDecoder(): Promise<QrDecoder> {
  const native = await nativeDetector()
  if (native)
    return {
      decode: async (frame) => (await native.detect(frame))[0]?.rawValue ?? null,
      close: () => {},
    }
  return workerDecoder()
}

async function nativeDetector(): Promise<BarcodeDetectorInstance | undefined> {
  const Detector = (window as { BarcodeDetector?: BarcodeDetectorConstructor }).BarcodeDetector
  if (!Detector) return undefined
  try {
    const formats = await Detector.getSupportedFormats()
    return formats.includes('qr_code') ? new Detector({ formats: ['qr_code'] }) : undefined
  } catch {
    return undefined
  }
}

function workerDecoder(): QrDecoder {
  let worker: Worker | undefined
  let lastId = 0
  const pending = new Map<number, (text: string | null) => void>()
  const settleAll = () => {
    for (const settle of pending.values()) settle(null)
    pending.clear()
  }
  try {
    worker = new Worker(new URL('./qr-worker.ts', import.meta.url), { type: 'module' })
    worker.addEventListener('message', ({ data }: MessageEvent<QrResultMessage>) => {
      pending.get(data.id)?.(data.text)
      pending.delete(data.id)
    })
    // A worker that cannot load: decode on this thread instead of never.
    worker.addEventListener('error', () => {
      worker?.terminate()
      worker = undefined
      settleAll()
    })
  } catch {
    worker = undefined
  }
  return {
    decode(frame) {
      const running = worker
      if (!running) return decodeHere(frame)
      lastId += 1
      const message: QrFrameMessage = {
        id: lastId,
        width: frame.width,
        height: frame.height,
        pixels: frame.data,
      }
      return new Promise((resolve) => {
        pending.set(message.id, resolve)
        running.postMessage(message, [frame.data.buffer])
      })
    },
    close() {
      worker?.terminate()
      worker = undefined
      settleAll()
    },
  }
}

let jsQrHere: Promise<typeof import('jsqr').default> | undefined

async function decodeHere(frame: ImageData): Promise<string | null> {
  jsQrHere ??= import('jsqr').then((module) => module.default)
  const jsQR = await jsQrHere
  return (
    jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'dontInvert' })?.data ?? null
  )
}

/** The pixels of a video frame or picture, scaled to at most `sideMax` on its longer side. */
export function pixelsOf(
  source: CanvasImageSource,
  width: number,
  height: number,
  canvas: HTMLCanvasElement,
  sideMax: number,
): ImageData | undefined {
  const scale = Math.min(1, sideMax / Math.max(width, height))
  canvas.width = Math.max(1, Math.round(width * scale))
  canvas.height = Math.max(1, Math.round(height * scale))
  const context = canvas.getContext('2d', { willReadFrequently: true })
  if (!context) return undefined
  context.drawImage(source, 0, 0, canvas.width, canvas.height)
  return context.getImageData(0, 0, canvas.width, canvas.height)
}

/** The text of the QR code in a picture file (a photo of a waybill), or null when none is found. */
export async function decodePicture(file: Blob): Promise<string | null> {
  const picture = await createImageBitmap(file)
  try {
    const pixels = pixelsOf(
      picture,
      picture.width,
      picture.height,
      document.createElement('canvas'),
      pictureSideMax,
    )
    if (!pixels) return null
    const decoder = await createQrDecoder()
    try {
      return await decoder.decode(pixels)
    } finally {
      decoder.close()
    }
  } finally {
    picture.close()
  }
}
