"""The supervisor's summary and its exports.

The face of the package: the UI and the command line import these names from here. Each
module is loaded when one of its names is first used, so importing the face costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desk_app.services.facade import lazy_exports

if TYPE_CHECKING:
    from desk_app.services.reporting.report import export_report
    from desk_app.services.reporting.summary import (
        APPLICATION_STATUS_NAMES,
        REQUEST_STATUS_NAMES,
        MonthFigure,
        Period,
        Summary,
        make_period,
        summarize,
    )

__all__ = [
    "APPLICATION_STATUS_NAMES",
    "REQUEST_STATUS_NAMES",
    "MonthFigure",
    "Period",
    "Summary",
    "export_report",
    "make_period",
    "summarize",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "report": ("export_report",),
        "summary": (
            "APPLICATION_STATUS_NAMES",
            "MonthFigure",
            "Period",
            "REQUEST_STATUS_NAMES",
            "Summary",
            "make_period",
            "summarize",
        ),
    },
)
