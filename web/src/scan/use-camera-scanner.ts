/**
 * @module web/scan/use-camera-scanner
 * The camera as a QR scanner: asks for the rear camera, shows it in the page's <video>, and at most ten
 * times a second draws a frame to a canvas and decodes it (qr-decoder.ts), one frame at a time. Every
 * code read goes to `onCode`, with a function that stops the camera. The camera is stopped — its light
 * goes off — by that, by `stop()`, and whenever the page is left.
 */
import { type RefObject, useCallback, useEffect, useRef, useState } from 'react'
import { createQrDecoder, frameSideMax, pixelsOf, type QrDecoder } from './qr-decoder.js'

export type CameraState =
  | 'starting'
  | 'scanning'
  | 'stopped'
  /** No camera API here: an old browser, or a page not served over HTTPS (nor from this device). */
  | 'unsupported'
  | 'denied'
  | 'no-camera'
  /** Found but could not be started: most often another app is using it. */
  | 'failed'

export const frameIntervalMs = 100

export interface CameraScanner {
  state: CameraState
  videoRef: RefObject<HTMLVideoElement | null>
  start(): void
  stop(): void
}

export function useCameraScanner(
  onCode: (text: string, stopCamera: () => void) => void,
): CameraScanner {
  const videoRef = useRef<HTMLVideoElement>(null)
  const [state, setState] = useState<CameraState>('starting')
  const [wanted, setWanted] = useState(true)
  const [attempt, setAttempt] = useState(0)
  const onCodeRef = useRef(onCode)
  const stopRef = useRef<() => void>(undefined)

  useEffect(() => {
    onCodeRef.current = onCode
  }, [onCode])

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` restarts the camera on purpose
  useEffect(() => {
    if (!wanted) {
      setState('stopped')
      return
    }
    let stopped = false
    let stream: MediaStream | undefined
    let decoder: QrDecoder | undefined
    let timer: number | undefined
    const stopCamera = () => {
      stopped = true
      window.clearTimeout(timer)
      for (const track of stream?.getTracks() ?? []) track.stop()
      decoder?.close()
      if (videoRef.current) videoRef.current.srcObject = null
    }
    stopRef.current = stopCamera

    const run = async () => {
      if (!navigator.mediaDevices?.getUserMedia) {
        setState('unsupported')
        return
      }
      setState('starting')
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: { ideal: 'environment' } },
          audio: false,
        })
      } catch (error) {
        if (!stopped) setState(cameraProblem(error))
        return
      }
      const video = videoRef.current
      if (stopped || !video) return stopCamera()
      decoder = await createQrDecoder()
      if (stopped) return stopCamera()
      video.srcObject = stream
      try {
        await video.play()
      } catch {
        // Interrupted by leaving the page; otherwise the frames below still arrive.
      }
      if (stopped) return
      setState('scanning')
      const canvas = document.createElement('canvas')
      const scanFrame = async () => {
        if (stopped || !decoder) return
        const started = performance.now()
        if (video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth > 0) {
          const pixels = pixelsOf(video, video.videoWidth, video.videoHeight, canvas, frameSideMax)
          const text = pixels ? await decoder.decode(pixels).catch(() => null) : null
          if (stopped) return
          if (text !== null) onCodeRef.current(text, stopCamera)
          if (stopped) return
        }
        const elapsed = performance.now() - started
        timer = window.setTimeout(scanFrame, Math.max(0, frameIntervalMs - elapsed))
      }
      void scanFrame()
    }
    void run()
    return stopCamera
  }, [wanted, attempt])

  const start = useCallback(() => {
    setWanted(true)
    setAttempt((count) => count + 1)
  }, [])
  const stop = useCallback(() => {
    stopRef.current?.()
    setWanted(false)
  }, [])
  return { state, videoRef, start, stop }
}

function cameraProblem(error: unknown): CameraState {
  const name = (error as { name?: unknown } | null)?.name
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied'
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'no-camera'
  return 'failed'
}
