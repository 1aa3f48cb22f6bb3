/**
 * @module web/consignments/use-device-location
 * Where this device is, from navigator.geolocation when it gives it: a phone or tablet at the place of
 * delivery. Denied, unavailable or too slow is an answer too (null), never an error: the receipt and
 * the tracking report go without coordinates then.
 */
import { useCallback, useState } from 'react'

export interface DeviceLocation {
  lat: number
  lon: number
  /** Metres, as the device estimates it. */
  accuracy: number
}

export type LocationState = 'idle' | 'locating' | 'found' | 'denied' | 'unavailable'

const timeoutMs = 15_000

export function useDeviceLocation() {
  const supported = typeof navigator !== 'undefined' && 'geolocation' in navigator
  const [state, setState] = useState<LocationState>('idle')
  const [location, setLocation] = useState<DeviceLocation>()
  const locate = useCallback(
    () =>
      new Promise<DeviceLocation | null>((resolve) => {
        if (!supported) {
          setState('unavailable')
          resolve(null)
          return
        }
        setState('locating')
        navigator.geolocation.getCurrentPosition(
          (position) => {
            const found = {
              lat: Math.round(position.coords.latitude * 1e6) / 1e6,
              lon: Math.round(position.coords.longitude * 1e6) / 1e6,
              accuracy: Math.round(position.coords.accuracy),
            }
            setLocation(found)
            setState('found')
            resolve(found)
          },
          (failure) => {
            setState(failure.code === failure.PERMISSION_DENIED ? 'denied' : 'unavailable')
            resolve(null)
          },
          { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
        )
      }),
    [supported],
  )
  return { supported, state, location, locate }
}
