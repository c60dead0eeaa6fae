"""Every colour the desk's windows use, by name (style sheets, table brushes, charts).

The values are the ones the pages had when each wrote its own hex codes; a page names what a
colour means here (an error, a warning, a muted hint) instead of repeating the code.
"""

from __future__ import annotations

# --- text, lines and surfaces (greys) ------------------------------------------------------------
WHITE = "#ffffff"
TEXT = "#202124"  # body text on white
TEXT_MUTED = "#5f6368"  # hints, captions, secondary labels
TEXT_DISABLED = "#80868b"  # a row that no longer counts
BORDER = "#dadce0"  # cards, panels, legend swatches
BORDER_STRONG = "#9aa0a6"  # a pop-up's frame; closed days' text
BORDER_DASHED = "#bdc1c6"  # an empty answer box
SURFACE = "#f8f9fa"  # a card or a read-only text box
SURFACE_GREY = "#f1f3f4"  # the sidebar, closed days, an empty answer
SURFACE_COOL = "#eceff1"  # a scan outcome of another kind
DARK = "#3c4043"  # the lock cover; a scan outcome of another kind

# --- information, selection and links (blues) ------------------------------------------------
ACCENT = "#1a73e8"  # the selected page, primary buttons, status chips
LINK = "#1a5fb4"  # a figure that opens a list
ACCENT_SURFACE = "#e8f0fe"  # the written answer box
ACCENT_BORDER = "#aecbfa"
ACCENT_SURFACE_LIGHT = "#f8fbff"  # the scan outcome panel

# --- done, approved, saved (greens) ------------------------------------------------------------
SUCCESS = "#137333"
SUCCESS_SURFACE = "#e6f4ea"
SENT = "#188038"  # a message the gateway took

# --- errors, refusals, overdue (reds) ------------------------------------------------------------
ERROR = "#b00020"  # an error message's text
ERROR_BORDER = "#d93025"
ERROR_SURFACE = "#fce8e6"
ERROR_DARK = "#a50e0e"  # overdue, a conflict, a duplicate
FAILED = "#c5221f"  # a message the gateway refused
OVERDUE_SURFACE = "#fde7e9"

# --- warnings, waiting, possible duplicates (ambers and oranges) -------------------------------
WARNING_BORDER = "#f29900"
WARNING_SURFACE = "#fef7e0"
WARNING_TEXT = "#7a4f00"  # late or long-waiting rows
WARNING_TEXT_STRONG = "#8a5300"  # a form's warning line
LATE_SURFACE = "#fff1cc"
CHANGED_SURFACE = "#fff3c4"  # a value that differs from the record
PICKUP_TEXT = "#b06000"  # a desk pickup in the planner
DUPLICATE_TEXT = "#e37400"  # the "suspected duplicate" status
OFFLINE_SURFACE = "#fff4e5"  # the "no connection" banner
OFFLINE_TEXT = "#8a4b00"
OFFLINE_BORDER = "#f0b46c"
SCAN_FAILED_TEXT = "#8a5a00"
SCAN_VOIDED_TEXT = "#b45309"
SCAN_VOIDED_SURFACE = "#ffedd5"

# --- already used (purple: not the blue of an information note) ---------------------------------
USED_TEXT = "#6a1b9a"
USED_SURFACE = "#f3e5f5"

# --- charts: Okabe–Ito, colour-blind safe (the same eight as the PDF report's charts) -----------
CHART_BLUE = "#0072B2"
CHART_ORANGE = "#E69F00"
CHART_GREEN = "#009E73"
CHART_PINK = "#CC79A7"
CHART_SKY = "#56B4E9"
CHART_VERMILION = "#D55E00"
CHART_YELLOW = "#F0E442"
CHART_BLACK = "#000000"
