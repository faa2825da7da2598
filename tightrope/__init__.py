"""Tightrope: the domain model behind the dashboard (tables, validation, as-of queries, geometry).

Nothing in this package imports Streamlit; the UI lives in ``app.py``, ``pages/`` and ``components/``.
"""

__version__ = "0.1.0"
