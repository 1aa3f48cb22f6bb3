/**
 * @module web/map/cluster-layer
 * A point layer that clusters with supercluster: in the current view and zoom, dense points become one
 * cluster marker (a DOM icon with the count, a button to the keyboard, titled for screen readers) and
 * the rest are drawn by the layer's own function (canvas circle markers, or DOM markers). A click on a
 * cluster zooms to where it splits; points that never split (the same spot) open a popup listing them.
 *
 * Drawn again after every move, keeping each marker that is still wanted (by its key), so an open
 * popup stays open while the map pans under it. `rendered` fires after each drawing.
 */
import L from 'leaflet'
import Supercluster from 'supercluster'

export interface ClusterPoint<T> {
  readonly lat: number
  readonly lon: number
  /** Names the point and what is drawn of it: the same key keeps the marker drawn. */
  readonly key: string
  readonly data: T
}

export interface ClusterLayerOptions<T> {
  /** Class of the cluster icons (their colour). */
  readonly className: string
  readonly drawPoint: (point: ClusterPoint<T>) => L.Layer
  /** The cluster's accessible title, e.g. "12 places here: zoom in". */
  readonly title: (count: number) => string
  /** Its members listed, for a cluster that does not split at the deepest zoom. */
  readonly listPopup: (points: ClusterPoint<T>[]) => HTMLElement
  /** Urgency of a point, 0 the most urgent; a cluster shows its most urgent member's. */
  readonly urgency?: (data: T) => number | null
  /** Cluster radius in pixels; 0 draws every point (for the few that must always show). */
  readonly radius?: number
  readonly formatCount: (count: number) => string
}

interface Props {
  index: number
  urgency: number
}

const noUrgency = 99
const maxZoom = 15

export class ClusterLayer<T> extends L.Layer {
  private readonly settings: ClusterLayerOptions<T>
  private readonly drawn = L.featureGroup()
  private byKey = new Map<string, L.Layer>()
  private points: ClusterPoint<T>[] = []
  private index: Supercluster<Props, { urgency: number }> | undefined
  private clusters = 0
  private readonly onMove = () => this.render()

  constructor(options: ClusterLayerOptions<T>) {
    super()
    this.settings = options
  }

  setPoints(points: readonly ClusterPoint<T>[]): void {
    this.points = [...points]
    const urgency = this.settings.urgency
    this.index = new Supercluster<Props, { urgency: number }>({
      radius: this.settings.radius || 56,
      maxZoom,
      map: (props) => ({ urgency: props.urgency }),
      reduce: (into, props) => {
        into.urgency = Math.min(into.urgency, props.urgency)
      },
    }).load(
      this.points.map((point, index) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [point.lon, point.lat] },
        properties: { index, urgency: urgency?.(point.data) ?? noUrgency },
      })),
    )
    // Cluster ids belong to the index: none of the old clusters may be kept.
    for (const [key, layer] of this.byKey)
      if (key.startsWith('c:')) {
        this.drawn.removeLayer(layer)
        this.byKey.delete(key)
      }
    if (this._map) this.render()
  }

  /** Points held, clusters drawn now, and points drawn one by one now. */
  counts(): { points: number; clusters: number; single: number } {
    return {
      points: this.points.length,
      clusters: this.clusters,
      single: this.byKey.size - this.clusters,
    }
  }

  override onAdd(map: L.Map): this {
    this.drawn.addTo(map)
    map.on('moveend', this.onMove)
    this.render()
    return this
  }

  override onRemove(map: L.Map): this {
    map.off('moveend', this.onMove)
    this.drawn.clearLayers()
    this.drawn.remove()
    this.byKey.clear()
    this.clusters = 0
    return this
  }

  /** Draws what the view needs now; `redraw` makes every marker again (e.g. in another language). */
  render(redraw = false): void {
    const map = this._map
    const index = this.index
    if (redraw) {
      this.drawn.clearLayers()
      this.byKey.clear()
    }
    if (!map || !index) return
    const view = map.getBounds().pad(0.2)
    const wanted = new Map<string, () => L.Layer>()
    if (this.settings.radius === 0) {
      for (const point of this.points)
        if (view.contains([point.lat, point.lon]))
          wanted.set(`p:${point.key}`, () => this.settings.drawPoint(point))
    } else {
      const bbox: [number, number, number, number] = [
        Math.max(-180, view.getWest()),
        Math.max(-85, view.getSouth()),
        Math.min(180, view.getEast()),
        Math.min(85, view.getNorth()),
      ]
      for (const feature of index.getClusters(bbox, Math.round(map.getZoom()))) {
        const [lon, lat] = feature.geometry.coordinates as [number, number]
        const props = feature.properties
        if ('cluster' in props && props.cluster) {
          const { cluster_id: id, point_count: count, urgency } = props
          wanted.set(`c:${id}`, () => this.clusterMarker(lat, lon, id, count, urgency))
        } else {
          const point = this.points[(props as Props).index]
          if (point) wanted.set(`p:${point.key}`, () => this.settings.drawPoint(point))
        }
      }
    }
    for (const [key, layer] of this.byKey)
      if (!wanted.has(key)) {
        this.drawn.removeLayer(layer)
        this.byKey.delete(key)
      }
    for (const [key, make] of wanted)
      if (!this.byKey.has(key)) {
        const layer = make()
        this.byKey.set(key, layer)
        this.drawn.addLayer(layer)
      }
    this.clusters = [...this.byKey.keys()].filter((key) => key.startsWith('c:')).length
    this.fire('rendered')
  }

  private clusterMarker(lat: number, lon: number, id: number, count: number, urgency: number) {
    const size = Math.round(26 + Math.min(18, 6 * Math.log10(count)))
    const urgent = urgency === noUrgency ? '' : ` urgency-${urgency}`
    const label = document.createElement('span')
    label.textContent = this.settings.formatCount(count)
    const marker = L.marker([lat, lon], {
      icon: L.divIcon({
        className: `map-cluster ${this.settings.className}${urgent}`,
        html: label,
        iconSize: [size, size],
      }),
      title: this.settings.title(count),
      keyboard: true,
      riseOnHover: true,
    })
    marker.on('click', () => this.expand(marker, id))
    // A button to the keyboard too: Leaflet only turns Enter into a popup, not a click.
    marker.on('keypress', (event) => {
      const key = (event as L.LeafletKeyboardEvent).originalEvent
      if (key.key !== 'Enter' && key.key !== ' ') return
      key.preventDefault()
      this.expand(marker, id)
    })
    return marker
  }

  /** Zooms to where the cluster splits; a cluster that never splits lists its points instead. */
  private expand(marker: L.Marker, id: number): void {
    const map = this._map
    const index = this.index
    if (!map || !index) return
    const zoom = index.getClusterExpansionZoom(id)
    if (zoom <= maxZoom && zoom <= map.getMaxZoom()) {
      map.setView(marker.getLatLng(), zoom)
      return
    }
    const leaves = index
      .getLeaves(id, Number.POSITIVE_INFINITY)
      .flatMap((leaf) => this.points[leaf.properties.index] ?? [])
    marker.bindPopup(() => this.settings.listPopup(leaves)).openPopup()
  }
}
