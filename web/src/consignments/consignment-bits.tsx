/**
 * @module web/consignments/consignment-bits
 * The consignment's status as a badge, in the requests' colours (requests.css), for the list, the
 * detail and the receipt screen.
 */
import { useTranslation } from 'react-i18next'
import { type ConsignmentStatus, statusTone } from './consignment-model.js'
import '../requests/requests.css'

export function ConsignmentStatusBadge({
  status,
  large,
}: {
  status: ConsignmentStatus
  large?: boolean
}) {
  const { t } = useTranslation()
  return (
    <span
      className={`request-status consignment-status tone-${statusTone[status]}${large ? ' request-status-large' : ''}`}
    >
      {t(`consignments.status.${status}`)}
    </span>
  )
}
