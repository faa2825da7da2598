"""One colour per country, everywhere (map, charts, legends), from colour-blind-safe palettes:
Okabe & Ito (2008) for the main actors, Paul Tol's "muted" scheme for the rest. Every colour
has enough contrast on both the light (#ffffff) and the dark (#0e1117) Streamlit backgrounds,
so the same colours serve both themes."""

from __future__ import annotations

COUNTRY_COLOURS: dict[str, str] = {
    "JPN": "#D55E00",  # vermillion
    "USA": "#0072B2",  # blue
    "CHN": "#009E73",  # bluish green (distinct from Japan's vermillion side by side)
    "VNM": "#E69F00",  # orange
    "PHL": "#56B4E9",  # sky blue
    "MYS": "#CC79A7",  # reddish purple
    "SGP": "#8C8C8C",  # grey
    "KHM": "#C9B800",  # dark yellow
    "THA": "#AA4499",  # purple
    "IDN": "#44AA99",  # teal
    "LAO": "#999933",  # olive
    "MMR": "#882255",  # wine
    "BRN": "#6699CC",  # steel blue
    "KOR": "#88CCEE",  # cyan
    "TLS": "#DDCC77",  # sand
    "CAN": "#117733",  # green
}
FALLBACK = ["#7F7F7F", "#A6761D", "#666666", "#1B9E77"]

CHANNEL_COLOURS: dict[str, str] = {
    "leader_meeting": "#0072B2",
    "summit_sidelines": "#56B4E9",
    "state_visit": "#009E73",
    "leader_call": "#CC79A7",
    "letter": "#D55E00",
    "ministerial_meeting": "#E69F00",
    "negotiation_round": "#882255",
    "parliamentary_delegation": "#44AA99",
    "party_delegation": "#999933",
    "speech": "#8C8C8C",
}

#: Marker shape per channel: the second cue beside the colour (WCAG 1.4.1), shown in the legend.
CHANNEL_SYMBOLS: dict[str, str] = {
    "leader_meeting": "circle",
    "summit_sidelines": "square",
    "state_visit": "star",
    "leader_call": "diamond",
    "letter": "triangle-up",
    "ministerial_meeting": "hexagon",
    "negotiation_round": "x",
    "parliamentary_delegation": "triangle-down",
    "party_delegation": "pentagon",
    "speech": "cross",
}

#: Sequential ramp for tariff rates on the map (cividis: perceptually uniform, colour-blind safe).
RATE_STOPS = [(0, "#00224E"), (10, "#35456C"), (15, "#666970"), (25, "#948E77"), (50, "#C8B866"), (100, "#FEE838")]
NO_RATE = "#C8CCD2"


def country_colour(iso3: str) -> str:
    """Hex colour of a country; unknown codes get a stable fallback colour."""
    if iso3 in COUNTRY_COLOURS:
        return COUNTRY_COLOURS[iso3]
    return FALLBACK[sum(map(ord, iso3)) % len(FALLBACK)]


def hex_to_rgb(hex_colour: str, alpha: int = 255) -> list[int]:
    h = hex_colour.lstrip("#")
    return [int(h[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


def rate_colour(rate: float | None, alpha: int = 220) -> list[int]:
    """RGBA for a tariff rate in percent, interpolated on :data:`RATE_STOPS`; grey for none."""
    if rate is None or rate != rate:  # NaN
        return hex_to_rgb(NO_RATE, 160)
    stops = RATE_STOPS
    if rate <= stops[0][0]:
        return hex_to_rgb(stops[0][1], alpha)
    for (x0, c0), (x1, c1) in zip(stops, stops[1:]):
        if rate <= x1:
            t = (rate - x0) / (x1 - x0)
            a, b = hex_to_rgb(c0), hex_to_rgb(c1)
            return [round(a[i] + (b[i] - a[i]) * t) for i in range(3)] + [alpha]
    return hex_to_rgb(stops[-1][1], alpha)
