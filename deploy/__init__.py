"""Serving Tightrope to many viewers: the nginx front of several app processes, the one-host
cluster launcher, a client of Streamlit's websocket protocol, and the deployment self-check.

- :mod:`deploy.nginx` renders the nginx configuration (sticky routing, websocket upgrade, static
  cache, error page, connection check injected into the page).
- :mod:`deploy.cluster` starts nginx and N ``streamlit run`` processes on one host (``make cluster``).
- :mod:`deploy.session` speaks Streamlit's own protocol (``/_stcore/stream``, protobuf ``BackMsg``
  and ``ForwardMsg``) without a browser; the load tool (``python -m bench load``) and
  ``python -m tightrope check-deploy`` use it.
- ``Dockerfile``, ``compose.yaml`` and ``k8s/`` are the container files (README, *Deploying*).

This package imports Streamlit's protobuf classes (through :mod:`deploy.session`), so it is kept
out of :mod:`tightrope`, which never imports Streamlit.
"""
