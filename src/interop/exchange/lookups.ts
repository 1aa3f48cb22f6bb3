/**
 * @module interop/exchange/lookups
 * What the sheets need to know about the records a row points at (items, places, organisations,
 * operations), resolved beforehand by the use case with the caller's releasability. A record the
 * caller may not see is simply absent: its code and names are left empty.
 */

export interface ItemFacts {
  readonly code: string
  readonly nameEn: string
  readonly nameJa: string | null
  readonly category: string
  readonly unit: string
}

export interface PlaceFacts {
  readonly code: string
  readonly nameEn: string | null
  readonly nameJa: string | null
  readonly country: string
  readonly adminCode: string | null
  readonly municipality: string | null
}

export interface OrganisationFacts {
  readonly code: string
  readonly nameEn: string
}

export interface SheetLookups {
  item(id: string): ItemFacts | undefined
  place(id: string): PlaceFacts | undefined
  organisation(id: string): OrganisationFacts | undefined
  operation(id: string): { readonly name: string } | undefined
}
