"""Writes of the skills app (a package: one module per subject).

The names other apps rely on are re-exported here: `alignments_set`,
`positioning_record`, `pix_import`, `evidence_rebuild`, `evidence_collect`.
"""

from skills.services.alignments import alignments_set
from skills.services.evidence import (
    SyncResult,
    activity_evidence_refresh,
    evidence_collect,
    evidence_rebuild,
)
from skills.services.frameworks import frameworks_load
from skills.services.pix import PixImportRejected, PixImportResult, pix_file_parse, pix_import
from skills.services.positioning import PositioningTake, positioning_record

__all__ = [
    "PixImportRejected",
    "PixImportResult",
    "PositioningTake",
    "SyncResult",
    "activity_evidence_refresh",
    "alignments_set",
    "evidence_collect",
    "evidence_rebuild",
    "frameworks_load",
    "pix_file_parse",
    "pix_import",
    "positioning_record",
]
