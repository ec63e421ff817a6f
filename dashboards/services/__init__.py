"""Writes of the dashboards app: keeping the summary tables current, rebuilding them, exports.

Other modules import from here: `levels_refresh` (skills record listener),
`activity_record` (LRS statement listener), `people_rehome` (organizations membership
listener), `summaries_rebuild`, `levels_year_ensure`.
"""

from dashboards.services.activity import activity_record
from dashboards.services.levels import levels_refresh, levels_year_ensure
from dashboards.services.moves import people_rehome
from dashboards.services.rebuild import RebuildResult, summaries_rebuild

__all__ = [
    "RebuildResult",
    "activity_record",
    "levels_refresh",
    "levels_year_ensure",
    "people_rehome",
    "summaries_rebuild",
]
