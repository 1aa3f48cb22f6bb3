/**
 * @module test/e2e/fake-camera
 * A picture for Chromium's fake camera (`--use-fake-device-for-media-stream
 * --use-file-for-fake-video-capture=<file.y4m>`): a QR code of some text, black on a white page with a
 * quiet zone, as an uncompressed YUV4MPEG2 video of a few identical frames. Chromium plays the file in a
 * loop and reads it afresh each time a page starts the camera, so a test can change what the camera
 * sees between two starts. And the same code as a PNG, for a page's "choose a picture".
 */
import { rename, writeFile } from 'node:fs/promises'
import QRCode from 'qrcode'

export interface FakeCameraVideo {
  width: number
  height: number
  /** Pixels per QR module. */
  modulePx: number
  /** The QR code's size in modules, without the quiet zone. */
  modules: number
}

/** The quiet zone the QR specification asks for on every side, in modules. */
const quietZoneModules = 4
const black = 0
const white = 255

/** A Y4M video (4:2:0, full-range luma) of `frames` identical frames showing `text` as a QR code. */
export function qrCodeVideo(
  text: string,
  { width = 640, height = 480, frames = 3 } = {},
): { video: Buffer; info: FakeCameraVideo } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const modulePx = Math.floor(Math.min(width, height) / (modules.size + 2 * quietZoneModules))
  if (modulePx < 8)
    throw new Error(
      `a ${modules.size}-module code does not fit ${width}×${height} at 8 px a module`,
    )
  const side = modules.size * modulePx
  const left = Math.floor((width - side) / 2)
  const top = Math.floor((height - side) / 2)

  const luma = Buffer.alloc(width * height, white)
  for (let row = 0; row < modules.size; row += 1)
    for (let column = 0; column < modules.size; column += 1) {
      if (!modules.get(row, column)) continue
      for (let y = 0; y < modulePx; y += 1) {
        const start = (top + row * modulePx + y) * width + left + column * modulePx
        luma.fill(black, start, start + modulePx)
      }
    }
  // Grey has no colour: both chroma planes at their midpoint.
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128)
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`, 'ascii')
  const frame = Buffer.concat([Buffer.from('FRAME\n', 'ascii'), luma, chroma])
  const video = Buffer.concat([header, ...Array.from({ length: frames }, () => frame)])
  return { video, info: { width, height, modulePx, modules: modules.size } }
}

/** Writes the video of `text`'s QR code where the fake camera reads it (whole, never half-written). */
export async function showToFakeCamera(path: string, text: string): Promise<FakeCameraVideo> {
  const { video, info } = qrCodeVideo(text)
  await writeFile(`${path}.part`, video)
  await rename(`${path}.part`, path)
  return info
}

/** A PNG picture of `text`'s QR code, as a photo of a waybill would be. */
export function qrCodePng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { errorCorrectionLevel: 'M', margin: quietZoneModules, scale: 8 })
}
