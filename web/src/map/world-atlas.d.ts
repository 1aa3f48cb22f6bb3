// world-atlas ships TopoJSON without types; declared here so the 750 kB file is not type-inferred.
declare module 'world-atlas/countries-50m.json' {
  import type { GeometryCollection, Topology } from 'topojson-specification'

  const topology: Topology<{ countries: GeometryCollection<{ name: string }> }>
  export default topology
}
