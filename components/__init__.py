"""View builders: plotly figures, pydeck decks, KPI tiles and source footnotes. No file I/O."""
